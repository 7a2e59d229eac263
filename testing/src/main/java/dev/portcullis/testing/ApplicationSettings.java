package dev.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings a {@link TestProvider} gives the application, and the free port and session secret among them. */
final class ApplicationSettings {

    private ApplicationSettings() {
    }

    /**
     * The application's settings.
     *
     * @param providers      the enabled providers, the default first
     * @param providerOrigin where the application reaches the provider
     * @param serverPort     the Helidon server's port, on 127.0.0.1
     * @param baseUrl        {@code auth.base-url}
     * @param sessionSecret  {@code auth.session.secret}
     * @param testSettings   the test's own, which replace any of these
     * @return the settings
     */
    static Map<String, String> of(List<String> providers, URI providerOrigin, int serverPort, URI baseUrl, String sessionSecret,
                                  Map<String, String> testSettings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.host", "127.0.0.1");
        all.put("server.port", String.valueOf(serverPort));
        all.put("auth.provider", providers.get(0));
        if (providers.size() > 1) {
            // one provider is auth.provider alone, as an application with one provider is configured
            all.put("auth.providers", String.join(",", providers));
        }
        all.put("auth.base-url", baseUrl.toString());
        all.put("auth.session.secret", sessionSecret);
        providers.forEach(name -> all.putAll(TenantShape.named(name).settings(providerOrigin)));
        all.putAll(testSettings);
        return Map.copyOf(all);
    }

    /** {@return a new session secret: 256 random bits, base64} */
    static String randomSessionSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** {@return a port free on loopback now, for the server under test} */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
