package dev.portcullis.service.testing;

import dev.portcullis.testing.EmbeddedProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.config.mp.MpConfigSources;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Configuration of the service under test: a fixed loopback port (so {@code auth.base-url} is known before the
 * server starts), a session key, and the embedded provider's tenants.
 */
public final class ServiceConfig {

    /** A session key for tests: 256 bits, base64. */
    public static final String SESSION_SECRET = Base64.getEncoder().encodeToString(
            "portcullis-test-session-key-0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private final Map<String, String> values = new LinkedHashMap<>();
    private final int port;

    private ServiceConfig(int port) {
        this.port = port;
        // above the @HelidonTest synthetic source (1000), which would set server.port=0
        values.put(ConfigSource.CONFIG_ORDINAL, "1100");
        values.put("server.host", "127.0.0.1");
        values.put("server.port", String.valueOf(port));
        values.put("auth.base-url", "http://127.0.0.1:" + port);
        values.put("auth.session.secret", SESSION_SECRET);
    }

    /**
     * The service on a free port, with these providers of the embedded provider enabled.
     *
     * @param provider        the embedded provider
     * @param defaultProvider {@code auth.provider}
     * @param enabled         {@code auth.providers}; the default alone when none are given
     * @return the configuration
     */
    public static ServiceConfig of(EmbeddedProvider provider, String defaultProvider, String... enabled) {
        ServiceConfig config = new ServiceConfig(freePort());
        config.values.put("auth.provider", defaultProvider);
        if (enabled.length > 0) {
            config.values.put("auth.providers", String.join(",", enabled));
        }
        for (String name : enabled.length > 0 ? enabled : new String[] {defaultProvider}) {
            config.values.putAll(provider.settings(name));
        }
        return config;
    }

    /**
     * Sets one more key.
     *
     * @param key   key
     * @param value value
     * @return this
     */
    public ServiceConfig with(String key, String value) {
        values.put(key, value);
        return this;
    }

    /** @return the service's base URL */
    public URI baseUrl() {
        return URI.create(values.get("auth.base-url"));
    }

    /**
     * A URL of the service.
     *
     * @param path path and query
     * @return the URL
     */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** @return the configuration as an MP config source */
    public ConfigSource source() {
        return MpConfigSources.create("portcullis-test", Map.copyOf(values));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
