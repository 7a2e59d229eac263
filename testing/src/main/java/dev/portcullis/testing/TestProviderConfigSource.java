package dev.portcullis.testing;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The configuration of the {@link TestProvider} in use, in every MicroProfile Config built while it is: found by
 * {@link java.util.ServiceLoader} (as a discovered source), so a test needs no configuration code. Empty when no test
 * provider is in use. Public only because {@link java.util.ServiceLoader} requires it.
 */
public final class TestProviderConfigSource implements ConfigSource {

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public TestProviderConfigSource() {
    }

    @Override
    public Map<String, String> getProperties() {
        return ActiveProvider.settings();
    }

    @Override
    public Set<String> getPropertyNames() {
        return ActiveProvider.settings().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return ActiveProvider.settings().get(propertyName);
    }

    @Override
    public String getName() {
        return "portcullis-test-provider";
    }

    @Override
    public int getOrdinal() {
        return TestProvider.CONFIG_ORDINAL;
    }

    /** A fixed set of settings, for the relying party that signs test users in. */
    record Fixed(Map<String, String> settings) implements ConfigSource {

        @Override
        public Map<String, String> getProperties() {
            return settings;
        }

        @Override
        public Set<String> getPropertyNames() {
            return settings.keySet();
        }

        @Override
        public String getValue(String propertyName) {
            return settings.get(propertyName);
        }

        @Override
        public String getName() {
            return "portcullis-test-sign-in";
        }
    }
}
