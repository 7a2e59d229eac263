package com.example.orders;

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
 * The HTTP fuzz properties of portcullis-testing ({@link ServerFuzzSuite}) over every endpoint of the application on
 * the Helidon server: its own and Portcullis' sign-in endpoints, with alice's real session and token among the values.
 */
class OrdersFuzzTest extends ServerFuzzSuite {

    /** Every endpoint of the application. */
    static final List<String> PATHS = List.of("/", "/orders", "/orders/mine", "/auth/login", "/auth/callback", "/auth/refresh",
            "/auth/logout", "/auth/assets/portcullis.css", "/health");

    static TestProvider cognito;
    static MpApplication application;
    static FuzzTarget target;

    @BeforeContainer
    static void start() {
        cognito = TestProvider.shapedAs("cognito");
        application = MpApplication.start();
        target = FuzzTarget.of(cognito, TestUser.named("alice"), "/orders/mine", PATHS);
    }

    @AfterContainer
    static void stop() {
        try (TestProvider p = cognito; MpApplication a = application; FuzzTarget t = target) {
            // closed in reverse order
        }
    }

    @Override
    protected FuzzTarget target() {
        return target;
    }

    @Override
    protected URI server() {
        return cognito.url("");
    }
}
