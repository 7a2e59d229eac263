package dev.portcullis.service;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth.provider=cognito} alone.
 */
@HelidonTest
class ConfigSwitchToCognitoTest extends ConfigSwitchContract {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito").build();
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
        return "/cognito/oauth2/authorize";
    }

    @Override
    String buttonText() {
        return "Sign in with Amazon Cognito";
    }

    @Override
    String disabledProvider() {
        return "oidc";
    }
}
