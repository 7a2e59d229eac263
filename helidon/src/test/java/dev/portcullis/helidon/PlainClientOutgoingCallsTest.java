package dev.portcullis.helidon;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.RecordingService;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutgoingTokenFilter} on a plain JAX-RS client ({@link RelayResource}): the caller's token and an outgoing
 * client's own go out as on a MicroProfile REST client; a client its provider refuses is a 502 with a short JSON body,
 * nothing is sent, and readiness names it.
 */
@HelidonTest
class PlainClientOutgoingCallsTest {

    static final RecordingService DOWNSTREAM = RecordingService.start();

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.builder().providers("oidc", "auth0", "cognito")
            .setting("relay.url", DOWNSTREAM.url())
            .setting("auth.clients.at-auth0.provider", "auth0")
            .setting("auth.clients.at-auth0.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.at-auth0.client-secret", EmbeddedProvider.M2M_CLIENT_SECRET)
            .setting("auth.clients.at-auth0.audience", "https://partner.example")
            .setting("auth.clients.at-cognito.provider", "cognito")
            .setting("auth.clients.at-cognito.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.at-cognito.client-secret", EmbeddedProvider.M2M_CLIENT_SECRET)
            .setting("auth.clients.at-cognito.scopes", "partner/read")
            .setting("auth.clients.partner.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.partner.client-secret", EmbeddedProvider.M2M_CLIENT_SECRET)
            .setting("auth.clients.exchange.provider", "oidc")
            .setting("auth.clients.exchange.grant", "token-exchange")
            .setting("auth.clients.exchange.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.exchange.client-secret", EmbeddedProvider.M2M_CLIENT_SECRET)
            .setting("auth.clients.exchange.audience", "https://partner.example")
            .setting("auth.clients.refused.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.refused.client-secret", "not-its-secret")
            .setting("auth.http.timeout", "PT30S")
            .build();

    @AfterAll
    static void stopDownstream() {
        DOWNSTREAM.close();
    }

    @BeforeEach
    void forget() {
        DOWNSTREAM.forget();
    }

    @Test
    void theCallersBearerTokenGoesOut() {
        String token = OIDC.bearerToken(TestUser.named("alice"));

        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/caller"), "Authorization", "Bearer " + token);

        assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(200);
        assertThat(DOWNSTREAM.authorizations()).containsExactly("Bearer " + token);
    }

    @Test
    void theServicesOwnTokenGoesOutAskedWithItsOwnCredentials() {
        OIDC.provider().clearRequests();

        HttpResponse<String> first = Http.get(OIDC.url("/relay/partner"), "Accept", "application/json");
        HttpResponse<String> second = Http.get(OIDC.url("/relay/partner"), "Accept", "application/json");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        List<String> sent = DOWNSTREAM.authorizations();
        assertThat(sent).hasSize(2).allSatisfy(value -> assertThat(value).isEqualTo(sent.get(0)).startsWith("Bearer "));
        assertThat(OIDC.provider().tokenRequests()).filteredOn(r -> "client_credentials".equals(r.getFormParameters().get("grant_type")))
                .hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "at-auth0   | /auth0/oauth/token      | audience | https://partner.example",
            "at-cognito | /cognito/oauth2/token   | scope    | partner/read"})
    void eachProviderShapeGivesAClientItsOwnTokenWithItsAudienceOrScopes(String client, String tokenPath, String parameter,
                                                                         String value) {
        OIDC.provider().clearRequests();

        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/client/" + client), "Accept", "application/json");

        assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(200);
        assertThat(DOWNSTREAM.authorizations()).singleElement().satisfies(sent -> assertThat(sent).startsWith("Bearer ey"));
        assertThat(OIDC.provider().tokenRequests()).singleElement().satisfies(request -> {
            assertThat(request.getUrl().encodedPath()).isEqualTo(tokenPath);
            assertThat(request.getFormParameters().get("grant_type")).isEqualTo("client_credentials");
            assertThat(request.getFormParameters().get(parameter)).isEqualTo(value);
        });
    }

    @Test
    void aSessionWhoseAccessTokenIsAboutToExpireSendsTheRefreshedOne() {
        OIDC.provider().tokenLifetime(30);
        String session;
        try {
            session = OIDC.sessionCookie(TestUser.named("alice"));
        } finally {
            // the refresh the guard makes gets an hour-long token: which one arrives downstream tells them apart
            OIDC.provider().tokenLifetime(3600);
        }
        OIDC.provider().clearRequests();

        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/caller"), "Cookie", session, "Accept", "application/json");

        assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(200);
        assertThat(relayed.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("portcullis="));
        assertThat(OIDC.provider().tokenRequests()).singleElement()
                .satisfies(request -> assertThat(request.getFormParameters().get("grant_type")).isEqualTo("refresh_token"));
        long expiresIn = RecordingService.claims(DOWNSTREAM.authorizations().get(0).substring("Bearer ".length()))
                .getJsonNumber("exp").longValue() - Instant.now().getEpochSecond();
        assertThat(expiresIn).as("the refreshed token, not the one about to expire").isGreaterThan(600);
    }

    @Test
    void anExchangeClientSendsTheCallersTokenExchangedForTheDownstreamsAudienceAskedOncePerCaller() {
        String token = OIDC.bearerToken("oidc", TestUser.named("alice"));
        OIDC.provider().clearRequests();

        HttpResponse<String> first = Http.get(OIDC.url("/relay/exchanged/exchange"), "Authorization", "Bearer " + token);
        HttpResponse<String> second = Http.get(OIDC.url("/relay/exchanged/exchange"), "Authorization", "Bearer " + token);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        List<String> sent = DOWNSTREAM.authorizations();
        assertThat(sent).hasSize(2).allSatisfy(value -> assertThat(value).isEqualTo(sent.get(0)).isNotEqualTo("Bearer " + token));
        JsonObject exchanged = RecordingService.claims(sent.get(0).substring("Bearer ".length()));
        assertThat(exchanged.getString("sub")).isEqualTo("alice");
        assertThat(audiences(exchanged)).containsExactly("https://partner.example");
        assertThat(OIDC.provider().tokenRequests()).singleElement().satisfies(request -> {
            assertThat(request.getUrl().encodedPath()).isEqualTo("/oidc/token");
            assertThat(request.getFormParameters().get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:token-exchange");
            assertThat(request.getFormParameters().get("subject_token")).isEqualTo(token);
            assertThat(request.getFormParameters().get("subject_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
            assertThat(request.getFormParameters().get("audience")).isEqualTo("https://partner.example");
            assertThat(request.getHeaders().get("Authorization")).startsWith("Basic ");
        });
    }

    @Test
    void aBrowserSessionsAccessTokenIsWhatIsExchanged() {
        String session = OIDC.sessionCookie("oidc", TestUser.named("bob"));
        OIDC.provider().clearRequests();

        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/exchanged/exchange"), "Cookie", session, "Accept", "application/json");

        assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(200);
        assertThat(OIDC.provider().tokenRequests()).singleElement().satisfies(request -> {
            JsonObject subject = RecordingService.claims(request.getFormParameters().get("subject_token"));
            assertThat(subject.getString("sub")).isEqualTo("bob");
            assertThat(audiences(subject)).as("the access token (for the API), never the ID token (for the client)")
                    .containsExactly("https://api.portcullis.test");
        });
        JsonObject exchanged = RecordingService.claims(DOWNSTREAM.authorizations().get(0).substring("Bearer ".length()));
        assertThat(exchanged.getString("sub")).isEqualTo("bob");
        assertThat(audiences(exchanged)).containsExactly("https://partner.example");
    }

    @Test
    void aCallerOfAnotherProviderIsNeverSentToBeExchanged() {
        String token = OIDC.bearerToken("cognito", TestUser.named("alice"));
        OIDC.provider().clearRequests();

        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/exchanged/exchange"), "Authorization", "Bearer " + token,
                "Accept", "application/json");

        assertThat(relayed.statusCode()).isEqualTo(502);
        assertThat(DOWNSTREAM.authorizations()).isEmpty();
        assertThat(OIDC.provider().tokenRequests()).isEmpty();
    }

    private static List<String> audiences(JsonObject claims) {
        return claims.get("aud") instanceof jakarta.json.JsonArray array
                ? array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList()
                : List.of(claims.getString("aud"));
    }

    @Test
    void aClientItsProviderRefusesIsA502NothingIsSentAndReadinessNamesItWithoutFailing() {
        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/refused"), "Accept", "application/json");

        assertThat(relayed.statusCode()).isEqualTo(502);
        assertThat(relayed.body()).isEqualTo("{\"error\":\"downstream_unavailable\",\"message\":\"A service this one depends on "
                + "could not be called. Please try again in a moment.\"}");
        assertThat(DOWNSTREAM.authorizations()).isEmpty();
        HttpResponse<String> ready = Http.get(OIDC.url("/health/ready"), "Accept", "application/json");
        // named, but the instance stays ready: leaving the load balancer would not fix it
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"clients.refused\":\"DOWN\"");
    }
}
