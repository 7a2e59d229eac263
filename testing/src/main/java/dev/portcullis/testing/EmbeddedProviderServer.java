package dev.portcullis.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the {@link EmbeddedProvider} on its own, on loopback, until the process is stopped: for trying a service's
 * sign-in on a developer's machine with no cloud account. {@code bin/dev} runs it beside the reference service.
 * <p>
 * Usage: {@code java -cp <portcullis-testing and its runtime dependencies> dev.portcullis.testing.EmbeddedProviderServer
 * [port [tenant ...]]}: the port on 127.0.0.1 ({@value #DEFAULT_PORT} by default), and the tenants to point a service
 * at ({@code oidc}, {@code auth0} and {@code cognito} by default). Once the provider answers, it prints on standard
 * output one environment variable a line, {@code NAME=value}, with every tenant's settings: {@code AUTH_OIDC_ISSUER},
 * {@code AUTH_AUTH0_DOMAIN}, {@code AUTH_COGNITO_CLIENT_ID}, ... (the client secret among them is a fixed test value,
 * not a secret); then, on standard error, a line that says where it listens. The service's own settings
 * ({@code AUTH_PROVIDER}, {@code AUTH_BASE_URL}, the session secret) are the caller's to choose.
 */
public final class EmbeddedProviderServer {

    /** The port when none is given. */
    public static final int DEFAULT_PORT = 9400;

    private static final List<String> ALL_TENANTS = List.of("oidc", "auth0", "cognito");

    private EmbeddedProviderServer() {
    }

    /**
     * Starts the provider, prints the environment that points a service at it, and serves until the process is stopped
     * (Ctrl+C, or a {@code SIGTERM}).
     *
     * @param args the port, then the tenants; both optional
     * @throws InterruptedException if the main thread is interrupted while the provider serves
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        List<String> tenants = args.length > 1 ? List.of(args).subList(1, args.length) : ALL_TENANTS;
        // a wrong tenant name fails here, before anything listens
        tenants.forEach(TenantShape::named);
        EmbeddedProvider provider = EmbeddedProvider.start(EmbeddedProvider.Options.defaults(), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            provider.close();
            stopped.countDown();
        }, "embedded-provider-shutdown"));
        for (String tenant : tenants) {
            environment(provider.settings(tenant)).forEach((name, value) -> System.out.println(name + "=" + value));
        }
        // all written before the line below, which a caller reading them from a file may wait for
        System.out.flush();
        System.err.println("The embedded OpenID provider listens at " + provider.base() + " (" + String.join(", ", tenants)
                + "); stop it with Ctrl+C.");
        stopped.await();
    }

    /**
     * The environment variables of settings, as MicroProfile Config finds them: {@code auth.oidc.client-id} is
     * {@code AUTH_OIDC_CLIENT_ID}.
     *
     * @param settings settings by key
     * @return the same values by environment variable name, in the same order
     */
    static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        settings.forEach((key, value) -> environment.put(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT), value));
        return environment;
    }
}
