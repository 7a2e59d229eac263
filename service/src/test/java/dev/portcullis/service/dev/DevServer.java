package dev.portcullis.service.dev;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import dev.portcullis.testing.EmbeddedProvider;

/**
 * Runs the service on this machine with the embedded OpenID provider (mock-oauth2-server) on loopback, so the
 * whole sign-in can be tried with no cloud account: {@code bin/dev}. Lives in the test sources, so neither the
 * embedded provider nor this class is ever in a packaged artifact.
 * <p>
 * Environment: {@code SERVER_PORT} (default 8080), {@code DEV_PROVIDER_PORT} (default 9400).
 */
public final class DevServer {

    private DevServer() {
    }

    /**
     * Starts the provider, then the service.
     *
     * @param args passed to Helidon
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("SERVER_PORT", "8080"));
        int providerPort = Integer.parseInt(System.getenv().getOrDefault("DEV_PROVIDER_PORT", "9400"));
        EmbeddedProvider provider = EmbeddedProvider.start(EmbeddedProvider.Options.defaults(), providerPort);
        Runtime.getRuntime().addShutdownHook(new Thread(provider::close));

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        System.setProperty("server.host", "127.0.0.1");
        System.setProperty("server.port", String.valueOf(port));
        System.setProperty("auth.base-url", "http://localhost:" + port);
        System.setProperty("auth.session.secret", Base64.getEncoder().encodeToString(key));
        System.setProperty("auth.provider", "oidc");
        System.setProperty("auth.providers", "oidc,auth0,cognito");
        for (String name : new String[] {"oidc", "auth0", "cognito"}) {
            for (Map.Entry<String, String> setting : provider.settings(name).entrySet()) {
                System.setProperty(setting.getKey(), setting.getValue());
            }
        }
        System.setProperty("auth.oidc.display-name", "the embedded test provider");
        System.setProperty("auth.auth0.display-name", "Auth0 (embedded)");
        System.setProperty("auth.cognito.display-name", "Amazon Cognito (embedded)");

        io.helidon.microprofile.cdi.Main.main(args);
        System.out.println("""

                Portcullis is running with an embedded OpenID provider at %s
                  open   http://localhost:%d/
                  sign in with any user name; to be an admin, put this in the claims box:
                         {"groups":["admin"], "cognito:groups":["admin"], "https://portcullis.test/roles":["admin"]}
                  stop   Ctrl+C
                """.formatted(provider.base(), port));
    }
}
