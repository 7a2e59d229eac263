package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpResponse;

import dev.portcullis.service.testing.Browser;
import dev.portcullis.service.testing.EmbeddedProvider;
import dev.portcullis.service.testing.ServiceConfig;
import dev.portcullis.service.testing.SignIn;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@HelidonTest
class SignInFlowTest {

    static final EmbeddedProvider PROVIDER = EmbeddedProvider.start(EmbeddedProvider.Options.defaults().rotatingRefreshTokens());
    static final ServiceConfig SERVICE = ServiceConfig.of(PROVIDER, "oidc", "oidc", "auth0", "cognito");

    @AddConfigSource
    static ConfigSource config() {
        return SERVICE.source();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void signInLandsOnReturnToWithSession(String provider) {
        Browser browser = new Browser();
        HttpResponse<String> done = SignIn.complete(browser, SERVICE.url("/auth/login?provider=" + provider + "&return_to=/api/me"),
                "alice", "{\"email\":\"alice@example.com\"}");
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location")).contains(SERVICE.url("/api/me").toString());
        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains("\"provider\":\"" + provider + "\"");
    }
}
