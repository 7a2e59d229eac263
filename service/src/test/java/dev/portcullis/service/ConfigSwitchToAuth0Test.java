package dev.portcullis.service;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.ServiceConfig;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;

/**
 * {@code auth.provider=auth0} alone.
 */
@HelidonTest
class ConfigSwitchToAuth0Test extends ConfigSwitchContract {

    static final EmbeddedProvider PROVIDER = EmbeddedProvider.start(EmbeddedProvider.Options.defaults());
    static final ServiceConfig SERVICE = ServiceConfig.of(PROVIDER, "auth0");

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
