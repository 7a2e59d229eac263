package dev.portcullis.auth;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The random values of a login, and their generator after a SnapStart restore.
 */
class LoginSecretsTest {

    @Test
    void stateNonceAndVerifierAreFreshBase64urlValuesOf256Bits() {
        LoginSecrets secrets = new LoginSecrets();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            for (String value : new String[] {secrets.state().getValue(), secrets.nonce().getValue(), secrets.codeVerifier().getValue()}) {
                assertThat(value).matches("[A-Za-z0-9_-]{43}");
                assertThat(seen.add(value)).as("never repeated").isTrue();
            }
        }
    }

    @Test
    void afterRestoreTheRelyingPartyDrawsFromANewGenerator() {
        OidcRelyingParty party = OidcRelyingParty.create(TestConfig.values(withProvider()), Clock.systemUTC(),
                Map.of("test", new FakeProviderFactory("test")));
        java.security.SecureRandom before = party.loginSecrets().random();

        party.afterRestore();

        assertThat(party.loginSecrets().random()).isNotSameAs(before);
    }

    private static Map<String, String> withProvider() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.test.issuer", "https://issuer.example/");
        config.put("auth.test.client-id", "client");
        config.put("auth.test.client-secret", "secret");
        return config;
    }
}
