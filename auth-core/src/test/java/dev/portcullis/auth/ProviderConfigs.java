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
     * A copy of a configuration with one key set.
     *
     * @param values the configuration
     * @param key    the key
     * @param value  its value
     * @return the copy
     */
    public static Map<String, String> with(Map<String, String> values, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(values);
        copy.put(key, value);
        return copy;
    }

    /**
     * A copy of a configuration without one key.
     *
     * @param values the configuration
     * @param key    the key to drop
     * @return the copy
     */
    public static Map<String, String> without(Map<String, String> values, String key) {
        Map<String, String> copy = new java.util.HashMap<>(values);
        copy.remove(key);
        return copy;
    }

    /**
     * Asserts that building a provider fails at start-up the way the service reports it: one line naming the key.
     *
     * @param creation builds the provider
     * @param key      the key the error must name
     * @throws AssertionError when it does not fail so
     */
    public static void assertStartupErrorNames(Runnable creation, String key) {
        try {
            creation.run();
        } catch (AuthConfigurationException e) {
            if (!e.key().equals(key) || !e.getMessage().contains(key) || e.getMessage().contains("\n")) {
                throw new AssertionError("expected a one-line start-up error naming " + key + ", got: " + e.getMessage(), e);
            }
            return;
        }
        throw new AssertionError("expected a start-up error naming " + key + ", but the provider was built");
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
