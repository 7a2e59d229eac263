package dev.portcullis.auth;

import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.spi.ProviderConfig;

/**
 * Test fixture for provider modules: a {@link ProviderConfig} over a map of {@code auth.*} keys, with the same
 * checks the service applies to real configuration.
 */
public final class ProviderConfigs {

    private ProviderConfigs() {
    }

    /**
     * A provider's configuration.
     *
     * @param provider the provider name
     * @param values   full keys and values, for example {@code auth.cognito.domain}
     * @return the configuration
     */
    public static ProviderConfig of(String provider, Map<String, String> values) {
        return new MpProviderConfig(provider, new ConfigValues(key -> Optional.ofNullable(values.get(key))));
    }

    /**
     * The start-up error a provider reported, as the service would print it.
     *
     * @param error what {@link ProviderConfig#invalid(String, String)} or a read returned
     * @return the configuration key it names
     */
    public static String keyOf(RuntimeException error) {
        return ((AuthConfigurationException) error).key();
    }
}
