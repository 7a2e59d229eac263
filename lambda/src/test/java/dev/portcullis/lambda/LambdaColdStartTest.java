package dev.portcullis.lambda;

import java.util.List;

import dev.portcullis.testing.FaultyProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.testing.TestProvider;

import io.helidon.logging.common.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.testing.FaultyProvider.Endpoint.DISCOVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A Lambda function has no readiness probe: when a provider's discovery document cannot be read at cold start, the
 * cold start fails, with one log line that names the provider and its discovery URL, and an init error without a stack
 * trace (the Helidon server instead starts and reports itself not ready, see {@code ProviderFaultTest}). Through the real
 * handler, in a JVM of its own.
 */
class LambdaColdStartTest {

    /** A Lambda function is configured by environment variables; the test provider's settings stand in for them. */
    @RegisterExtension
    static final TestProvider TEST_PROVIDER = TestProvider.builder().providers("cognito", "oidc")
            .baseUrl("https://abc123defg.execute-api.eu-west-1.amazonaws.com")
            .throughFaultyProvider()
            .build();
    static final FaultyProvider FAULTY = TEST_PROVIDER.faultyProvider();

    @Test
    @Timeout(120)
    void aProviderWhoseDiscoveryIsDownFailsTheColdStartWithOneLogLineNamingItAndItsDiscoveryUrl() {
        FAULTY.down("cognito", DISCOVERY);
        String discoveryUrl = FAULTY.base() + FaultyProvider.path("cognito", DISCOVERY);

        // Helidon reads logging.properties, dropping every handler, when its LogConfig class initialises: before capturing
        LogConfig.initClass();
        Throwable failure;
        List<String> logs;
        try (LogCapture capture = LogCapture.start()) {
            failure = catchThrowable(LambdaHandler::new);
            logs = capture.lines();
        }

        String reason = "provider cognito: discovery at " + discoveryUrl + " failed (discovery failed: IOException)";
        assertThat(failure).isInstanceOf(LambdaApplication.ColdStartFailure.class).hasMessage("cold start failed: " + reason);
        assertThat(failure.getStackTrace()).isEmpty();
        assertThat(logs.stream().filter(line -> line.contains(discoveryUrl)).toList()).as("log records naming the discovery URL")
                .singleElement().asString()
                .startsWith(LambdaApplication.class.getName() + " ")
                .contains("SEVERE", "cold start failed: " + reason)
                .doesNotContain("\tat ", "will retry");
        assertThat(logs.stream().filter(line -> line.contains(" SEVERE ")).toList()).as("errors logged").singleElement().asString()
                .contains("cold start failed: " + reason);
        assertThat(logs.stream().filter(line -> line.startsWith("dev.portcullis.")).toList()).as("this service's log records")
                .noneSatisfy(line -> assertThat(line).contains("\tat "));
        assertThat(FAULTY.requests("cognito", DISCOVERY)).as("discovery was tried").isPositive();
    }
}
