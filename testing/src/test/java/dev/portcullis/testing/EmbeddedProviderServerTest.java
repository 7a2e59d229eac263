package dev.portcullis.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the provider server prints for a service: each setting under the environment variable MicroProfile Config reads
 * it from.
 */
class EmbeddedProviderServerTest {

    @Test
    void eachSettingIsPrintedUnderTheEnvironmentVariableMicroProfileConfigReadsItFrom() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("auth.oidc.client-id", "portcullis-test-client");
        settings.put("auth.auth0.groups-claim", "https://portcullis.test/roles");
        settings.put("auth.cognito.issuer", "http://127.0.0.1:9400/us-east-1_TestPool");

        assertThat(EmbeddedProviderServer.environment(settings)).containsExactly(
                Map.entry("AUTH_OIDC_CLIENT_ID", "portcullis-test-client"),
                Map.entry("AUTH_AUTH0_GROUPS_CLAIM", "https://portcullis.test/roles"),
                Map.entry("AUTH_COGNITO_ISSUER", "http://127.0.0.1:9400/us-east-1_TestPool"));
    }
}
