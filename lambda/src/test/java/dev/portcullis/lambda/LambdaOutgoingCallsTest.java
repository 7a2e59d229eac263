package dev.portcullis.lambda;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.portcullis.testing.ApiGatewayClient;
import dev.portcullis.testing.ApiGatewayClient.Answer;
import dev.portcullis.testing.ApiGatewayClient.Payload;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.RecordingService;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outgoing calls made while serving an API Gateway event, as on the server: a session's access token about to expire
 * is refreshed before it is sent (the new cookie goes out with the answer), and an exchange client sends the caller's
 * token exchanged for the downstream's audience (RFC 8693). The downstream is a service on loopback that keeps the
 * Authorization header of every request.
 */
class LambdaOutgoingCallsTest {

    static final String BASE_URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod";
    static final RecordingService DOWNSTREAM = RecordingService.start();

    @RegisterExtension
    static final TestProvider TEST_PROVIDER = TestProvider.builder().providers("oidc", "cognito")
            .baseUrl(BASE_URL)
            .setting("relay.url", DOWNSTREAM.url())
            .setting("auth.clients.exchange.provider", "oidc")
            .setting("auth.clients.exchange.grant", "token-exchange")
            .setting("auth.clients.exchange.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.exchange.client-secret", EmbeddedProvider.M2M_CLIENT_SECRET)
            .setting("auth.clients.exchange.audience", "https://partner.example")
            // a loaded 2-core CI machine can take longer than the default 5 s for a first token; the test is not about that
            .setting("auth.http.timeout", "PT30S")
            .build();
    static final EmbeddedProvider PROVIDER = TEST_PROVIDER.provider();
    static LambdaHandler handler;

    @BeforeAll
    static void bootTheFunction() {
        handler = new LambdaHandler();
    }

    @AfterAll
    static void stopDownstream() {
        DOWNSTREAM.close();
    }

    @BeforeEach
    void forget() {
        DOWNSTREAM.forget();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aSessionWhoseAccessTokenIsAboutToExpireSendsTheRefreshedOneAndTheNewCookieGoesOut(Payload payload) {
        PROVIDER.tokenLifetime(30);
        String session;
        try {
            session = TEST_PROVIDER.sessionCookie("oidc", TestUser.named("alice"));
        } finally {
            // the refresh the guard makes gets an hour-long token: which one arrives downstream tells them apart
            PROVIDER.tokenLifetime(3600);
        }
        PROVIDER.clearRequests();

        Answer relayed = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING)
                .get("/api/relay/caller", Map.of("Cookie", session, "Accept", "application/json"));

        assertThat(relayed.status()).as(relayed.body()).isEqualTo(200);
        assertThat(relayed.setCookies()).anySatisfy(cookie -> assertThat(cookie).startsWith("__Host-portcullis="));
        assertThat(PROVIDER.tokenRequests()).singleElement()
                .satisfies(request -> assertThat(request.getFormParameters().get("grant_type")).isEqualTo("refresh_token"));
        JsonObject sent = RecordingService.claims(DOWNSTREAM.authorizations().get(0).substring("Bearer ".length()));
        assertThat(sent.getJsonNumber("exp").longValue() - Instant.now().getEpochSecond())
                .as("the refreshed token, not the one about to expire").isGreaterThan(600);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void anExchangeClientSendsTheCallersTokenExchangedForTheDownstreamsAudience(Payload payload) {
        String token = TEST_PROVIDER.bearerToken("oidc", TestUser.named("alice"));
        PROVIDER.clearRequests();

        Answer relayed = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING)
                .get("/api/relay/client/exchange", Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));

        assertThat(relayed.status()).as(relayed.body()).isEqualTo(200);
        List<String> sent = DOWNSTREAM.authorizations();
        assertThat(sent).singleElement().satisfies(value -> assertThat(value).startsWith("Bearer ").isNotEqualTo("Bearer " + token));
        JsonObject exchanged = RecordingService.claims(sent.get(0).substring("Bearer ".length()));
        assertThat(exchanged.getString("sub")).isEqualTo("alice");
        assertThat(exchanged.toString()).contains("\"aud\":\"https://partner.example\"");
        assertThat(PROVIDER.tokenRequests()).singleElement().satisfies(request -> {
            assertThat(request.getFormParameters().get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:token-exchange");
            assertThat(request.getFormParameters().get("subject_token")).isEqualTo(token);
        });
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aCallerOfAnotherProviderIsNeverSentToBeExchanged(Payload payload) {
        String token = TEST_PROVIDER.bearerToken("cognito", TestUser.named("alice"));
        PROVIDER.clearRequests();

        Answer relayed = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING)
                .get("/api/relay/client/exchange", Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));

        assertThat(relayed.status()).isEqualTo(502);
        assertThat(relayed.json().getString("error")).isEqualTo("downstream_unavailable");
        assertThat(DOWNSTREAM.authorizations()).isEmpty();
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }
}
