package dev.portcullis.service;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth.provider=auth0} alone.
 */
@HelidonTest
class ConfigSwitchToAuth0Test extends ConfigSwitchContract {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("auth0").build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Override
    EmbeddedProvider provider() {
        return PROVIDER;
    }

    @Override
    TestProvider service() {
        return SERVICE;
    }

    @Override
    String authorizePath() {
        return "/auth0/authorize";
    }

    @Override
    String buttonText() {
        return "Sign in with Auth0";
    }

    @Override
    String disabledProvider() {
        return "cognito";
    }
}
