package dev.portcullis.testing.fuzz;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The Helidon MP application of the test class path, started on its server as {@code @HelidonTest} starts it, for a
 * test that Jupiter does not run (a jqwik property). Its configuration is MicroProfile Config's default and discovered
 * sources, so an active {@link dev.portcullis.testing.TestProvider}'s settings (port included) hold.
 */
public final class MpApplication implements AutoCloseable {

    private final Config config;
    private final SeContainer container;

    private MpApplication(Config config, SeContainer container) {
        this.config = config;
        this.container = container;
    }

    /**
     * Starts the application and its server; the test provider must be active already.
     *
     * @return the running application; close it to stop it
     */
    public static MpApplication start() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        Config config = resolver.getBuilder().forClassLoader(loader).addDefaultSources().addDiscoveredSources()
                .addDiscoveredConverters().withSources(new AllowInitializer()).build();
        resolver.registerConfig(config, loader);
        try {
            return new MpApplication(config, SeContainerInitializer.newInstance().initialize());
        } catch (RuntimeException e) {
            resolver.releaseConfig(config);
            throw e;
        }
    }

    /** Stops the application and its server, and releases its configuration. */
    @Override
    public void close() {
        try {
            container.close();
        } finally {
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

    /** Helidon starts a container through {@link SeContainerInitializer} only when told it may. */
    private static final class AllowInitializer implements ConfigSource {
        private static final Map<String, String> SETTINGS = Map.of("mp.initializer.allow", "true", "mp.initializer.no-warn", "true");

        @Override
        public Set<String> getPropertyNames() {
            return SETTINGS.keySet();
        }

        @Override
        public String getValue(String propertyName) {
            return SETTINGS.get(propertyName);
        }

        @Override
        public String getName() {
            return "portcullis-fuzz-initializer";
        }

        @Override
        public int getOrdinal() {
            return 1000;
        }
    }
}
