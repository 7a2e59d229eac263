package dev.portcullis.service.fuzz;

import java.net.URI;
import java.util.List;

import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;
import dev.portcullis.testing.fuzz.FuzzTarget;
import dev.portcullis.testing.fuzz.MpApplication;
import dev.portcullis.testing.fuzz.ServerFuzzSuite;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The HTTP fuzz properties ({@link ServerFuzzSuite}) over every endpoint of the reference service on the Helidon
 * server, with two providers (the sign-in chooser is there) and alice's real session and token among the values.
 */
class ServiceFuzzTest extends ServerFuzzSuite {

    /** Every endpoint of the reference service. */
    static final List<String> PATHS = List.of("/", "/api/me", "/api/admin", "/auth/login", "/auth/callback", "/auth/refresh",
            "/auth/logout", "/auth/backchannel-logout", "/auth/assets/portcullis.css", "/health", "/health/live", "/health/ready",
            "/openapi", "/metrics");

    static TestProvider provider;
    static MpApplication application;
    static FuzzTarget target;

    @BeforeContainer
    static void start() {
        provider = TestProvider.builder().providers("oidc", "auth0").build();
        application = MpApplication.start();
        target = FuzzTarget.of(provider, TestUser.named("alice"), "/api/me", PATHS);
    }

    @AfterContainer
    static void stop() {
        try (TestProvider p = provider; MpApplication a = application; FuzzTarget t = target) {
            // closed in reverse order
        }
    }

    @Override
    protected FuzzTarget target() {
        return target;
    }

    @Override
    protected URI server() {
        return provider.url("");
    }
}
