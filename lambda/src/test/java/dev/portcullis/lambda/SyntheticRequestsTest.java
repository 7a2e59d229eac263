package dev.portcullis.lambda;

import java.util.Map;

import dev.portcullis.auth.AuthConfigurationException;

import io.helidon.config.mp.MpConfigSources;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What SnapStart priming requests: configuration, defaulting to Portcullis' own sign-in start, never a path of an
 * application it does not know.
 */
class SyntheticRequestsTest {

    @Test
    void withoutConfigurationPrimingRequestsOnlyTheSignInStartUnderTheBasePath() {
        assertThat(SyntheticRequests.from(config(Map.of()), "/auth").paths()).containsExactly("/auth/login");
        assertThat(SyntheticRequests.from(config(Map.of()), "/account").paths()).containsExactly("/account/login");
    }

    @Test
    void theConfiguredPathsAreRequestedInTheirOrder() {
        Config config = config(Map.of(LambdaHandler.PRIME_PATHS, "/auth/login,/orders,/orders/mine?page=1"));

        assertThat(SyntheticRequests.from(config, "/auth").paths()).containsExactly("/auth/login", "/orders", "/orders/mine?page=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "https://elsewhere.example/orders", "/orders/with space"})
    void aPathThatIsNotAnAbsolutePathStopsStartUpNamingTheKey(String path) {
        Config config = config(Map.of(LambdaHandler.PRIME_PATHS, "/auth/login," + path));

        assertThatExceptionOfType(AuthConfigurationException.class)
                .isThrownBy(() -> SyntheticRequests.from(config, "/auth"))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.lambda.prime-paths"))
                .withMessage("auth.lambda.prime-paths (environment variable AUTH_LAMBDA_PRIME_PATHS): "
                        + "each path must start with / and hold no spaces or control characters");
    }

    private static Config config(Map<String, String> values) {
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(values)).build();
    }
}
