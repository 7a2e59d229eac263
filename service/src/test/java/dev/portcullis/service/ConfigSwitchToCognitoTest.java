package dev.portcullis.service;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.ServiceConfig;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;

/**
 * {@code auth.provider=cognito} alone.
 */
@HelidonTest
class ConfigSwitchToCognitoTest extends ConfigSwitchContract {

    static final EmbeddedProvider PROVIDER = EmbeddedProvider.start(EmbeddedProvider.Options.defaults());
    static final ServiceConfig SERVICE = ServiceConfig.of(PROVIDER, "cognito");

    @AddConfigSource
    static ConfigSource config() {
        return SERVICE.source();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Override
    EmbeddedProvider provider() {
        return PROVIDER;
    }

    @Override
    ServiceConfig service() {
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
