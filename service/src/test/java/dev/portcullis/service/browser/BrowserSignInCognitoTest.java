package dev.portcullis.service.browser;

import java.util.List;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.ServiceConfig;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;

/**
 * The browser sign-in with {@code auth.provider=cognito} alone.
 */
@HelidonTest
class BrowserSignInCognitoTest extends BrowserSignInContract {

    static final EmbeddedProvider PROVIDER = EmbeddedProvider.start(EmbeddedProvider.Options.defaults().tokenLifetime(SIGN_IN_LIFETIME));
    static final ServiceConfig SERVICE = ServiceConfig.of(PROVIDER, "cognito")
            .with("auth.http.timeout", LOADED_MACHINE_HTTP_TIMEOUT);

    @AddConfigSource
    static ConfigSource config() {
        return SERVICE.source();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Override
    ServiceConfig service() {
        return SERVICE;
    }

    @Override
    EmbeddedProvider provider() {
        return PROVIDER;
    }

    @Override
    List<Tenant> enabled() {
        return List.of(COGNITO);
    }

    @Override
    String screenshotName() {
        return "cognito";
    }
}
