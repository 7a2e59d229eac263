package dev.portcullis.service.browser;

import java.util.List;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser sign-in with {@code auth.provider=cognito} alone.
 */
@HelidonTest
class BrowserSignInCognitoTest extends BrowserSignInContract {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito")
            .options(EmbeddedProvider.Options.defaults().tokenLifetime(SIGN_IN_LIFETIME))
            .setting("auth.http.timeout", LOADED_MACHINE_HTTP_TIMEOUT)
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Override
    TestProvider service() {
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
