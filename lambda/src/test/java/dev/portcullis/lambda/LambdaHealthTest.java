package dev.portcullis.lambda;

import java.util.Map;

import dev.portcullis.testing.ApiGatewayClient;
import dev.portcullis.testing.ApiGatewayClient.Answer;
import dev.portcullis.testing.ApiGatewayClient.Payload;
import dev.portcullis.testing.FaultyProvider;
import dev.portcullis.testing.TestProvider;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.portcullis.testing.FaultyProvider.Endpoint.JWKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MicroProfile Health through the real Lambda handler (API Gateway cannot reach Helidon's own health endpoints): the
 * same checks, the same JSON and status codes as on the server, open to anyone without a session. Runs in a JVM of its
 * own.
 */
class LambdaHealthTest {

    /** A Lambda function is configured by environment variables; the test provider's settings stand in for them. */
    @RegisterExtension
    static final TestProvider TEST_PROVIDER = TestProvider.builder().providers("cognito", "oidc")
            .baseUrl("https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod")
            // a probe of a provider that is not ready asks it again at once, so no test waits for a retry
            .setting("auth.discovery.retry-interval", "PT0S")
            .throughFaultyProvider()
            .build();
    static final FaultyProvider FAULTY = TEST_PROVIDER.faultyProvider();
    static final JsonObject LIVE = Json.createObjectBuilder().add("name", "application").add("status", "UP").build();
    static LambdaHandler handler;

    @BeforeAll
    static void bootTheFunction() {
        handler = new LambdaHandler();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void healthLiveAndReadyAnswerThroughTheHandlerAsOnTheServer(Payload payload) {
        ApiGatewayClient probe = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING);

        Answer health = probe.get("/health", Map.of());
        Answer live = probe.get("/health/live", Map.of());
        Answer ready = probe.get("/health/ready", Map.of());

        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.header("Content-Type")).startsWith("application/json");
        assertThat(health.json()).isEqualTo(report("UP", LIVE, readiness("UP", "UP")));
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json()).isEqualTo(report("UP", LIVE));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json()).isEqualTo(report("UP", readiness("UP", "UP")));
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void healthNeedsNoSessionAndIgnoresCredentials(Payload payload) {
        Answer navigation = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING).get("/health/live", Map.of("Accept", "text/html,*/*;q=0.8"));
        Answer bearer = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING).get("/health/live",
                Map.of("Accept", "application/json", "Authorization", "Bearer not-a-token"));
        Answer deadSession = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING).get("/health/live",
                Map.of("Accept", "application/json", "Cookie", "__Host-portcullis=not-a-session"));

        assertThat(navigation.status()).as("not sent to sign in").isEqualTo(200);
        assertThat(navigation.json()).isEqualTo(report("UP", LIVE));
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.header("WWW-Authenticate")).isNull();
        assertThat(deadSession.status()).isEqualTo(200);
        assertThat(deadSession.setCookies()).as("the guard does not run: no session is cleared").isEmpty();
    }

    @Test
    void aFunctionRestoredWhileAProvidersKeysCannotBeFetchedIsNotReadyUntilTheyCan() {
        ApiGatewayClient probe = new ApiGatewayClient(handler, Payload.HTTP_API_V2, SyntheticContext.PRIMING);
        FAULTY.down("oidc", JWKS);
        try {
            // a SnapStart restore drops the snapshot's keys: they must be fetched again
            LambdaApplication.get().priming().afterRestore(null);

            // one probe only: the key source refetches at most twice in 30 seconds, and the probe after healing is the second
            Answer notReady = probe.get("/health", Map.of());
            Answer live = probe.get("/health/live", Map.of());

            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.json()).isEqualTo(report("DOWN", LIVE, readiness("UP", "DOWN")));
            assertThat(live.status()).isEqualTo(200);
        } finally {
            FAULTY.heal("oidc");
        }

        Answer ready = probe.get("/health/ready", Map.of());

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json()).isEqualTo(report("UP", readiness("UP", "UP")));
    }

    static JsonObject readiness(String cognito, String oidc) {
        return Json.createObjectBuilder().add("name", "portcullis-providers")
                .add("status", cognito.equals("UP") && oidc.equals("UP") ? "UP" : "DOWN")
                .add("data", Json.createObjectBuilder().add("cognito", cognito).add("oidc", oidc)).build();
    }

    static JsonObject report(String status, JsonObject... checks) {
        var array = Json.createArrayBuilder();
        for (JsonObject check : checks) {
            array.add(check);
        }
        return Json.createObjectBuilder().add("status", status).add("checks", array).build();
    }
}
