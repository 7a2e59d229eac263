package dev.portcullis.lambda;

import java.util.Map;

import dev.portcullis.testing.ApiGatewayClient;
import dev.portcullis.testing.ApiGatewayClient.Answer;
import dev.portcullis.testing.ApiGatewayClient.Payload;
import dev.portcullis.testing.AwsTestEnvironment;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LocalSecretsManager;
import dev.portcullis.testing.TestProvider;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart's hooks, called as the runtime calls them: before the checkpoint every provider's discovery and keys are
 * fetched and requests run through the handler; after restore, keys and secrets are read anew on next use.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapStartPrimingTest {

    /** A Lambda function is configured by environment variables; the test provider's settings stand in for them. */
    @RegisterExtension
    static final TestProvider TEST_PROVIDER = TestProvider.builder().providers("cognito", "oidc")
            .baseUrl("https://abc123defg.execute-api.eu-west-1.amazonaws.com")
            .setting("auth.cognito.client-secret", "aws-secretsmanager:prod/cognito#client_secret")
            // Portcullis' own endpoint (the default) and a guarded resource of the application's
            .setting("auth.lambda.prime-paths", "/auth/login,/api/me")
            .setting("auth.refresh.api-callers", "true")
            .build();
    static final EmbeddedProvider PROVIDER = TEST_PROVIDER.provider();
    static final LocalSecretsManager STORE = LocalSecretsManager.start();
    static LambdaHandler handler;

    @BeforeAll
    static void bootTheFunction() {
        AwsTestEnvironment.use(STORE);
        STORE.put("prod/cognito", "{\"client_secret\":\"" + EmbeddedProvider.CLIENT_SECRET + "\"}");
        handler = new LambdaHandler();
    }

    @AfterAll
    static void stop() {
        STORE.close();
        AwsTestEnvironment.clear();
    }

    @Test
    @Order(1)
    void beforeTheCheckpointEveryProvidersKeysAreFetchedAndTheHandlerHasServedRequests() {
        SnapStartPriming priming = LambdaApplication.get().priming();
        // the readiness check, which Helidon runs once at start-up, fetched the keys already: drop them, so that what
        // the provider receives now is the priming's own doing
        LambdaApplication.get().relyingParty().afterRestore();
        PROVIDER.clearRequests();

        priming.beforeCheckpoint(null);

        assertThat(priming.primedProviders()).containsExactlyInAnyOrder("cognito", "oidc");
        assertThat(PROVIDER.requests()).map(OAuth2HttpRequest::getUrl).map(url -> url.encodedPath())
                .contains("/us-east-1_TestPool/jwks", "/oidc/jwks");
        assertThat(priming.primingAnswers()).as("/auth/login to the default provider, and /api/me refused without credentials")
                .containsExactly(302, 401);
    }

    @Test
    @Order(2)
    void afterRestoreKeysAndSecretsAreReadAnewAndTheFunctionStillServes() {
        SnapStartPriming priming = LambdaApplication.get().priming();
        priming.beforeCheckpoint(null);
        Map<String, Object> tokens = PROVIDER.tokensFor("cognito", "dana", "{}");
        String token = (String) tokens.get("access_token");
        ApiGatewayClient api = new ApiGatewayClient(handler, Payload.HTTP_API_V2, SyntheticContext.PRIMING);
        assertThat(api.get("/api/me", Map.of("Accept", "application/json", "Authorization", "Bearer " + token)).status()).isEqualTo(200);
        PROVIDER.clearRequests();
        int secretReads = STORE.reads("prod/cognito");

        priming.afterRestore(null);
        Answer me = api.get("/api/me", Map.of("Accept", "application/json", "Authorization", "Bearer " + token));
        Answer refresh = api.send("POST", "/auth/refresh", Map.of("Accept", "application/json",
                "Content-Type", "application/x-www-form-urlencoded"),
                "provider=cognito&refresh_token=" + tokens.get("refresh_token"), false);

        assertThat(priming.restores()).isEqualTo(1);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(PROVIDER.requests()).as("the keys were fetched again").map(r -> r.getUrl().encodedPath())
                .contains("/us-east-1_TestPool/jwks");
        assertThat(refresh.status()).as(refresh.body()).isEqualTo(200);
        assertThat(STORE.reads("prod/cognito")).as("the client secret was read again").isGreaterThan(secretReads);
    }
}
