package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.ServiceConfig;
import dev.portcullis.testing.SignIn;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static dev.portcullis.service.testing.Responses.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Auth0 tenant with RP-Initiated Logout enabled advertises {@code end_session_endpoint}; logout then uses it
 * with an ID token hint instead of {@code /v2/logout}.
 */
@HelidonTest
class Auth0EndSessionTest {

    static final EmbeddedProvider PROVIDER = EmbeddedProvider.start(EmbeddedProvider.Options.defaults().auth0WithEndSession());
    static final ServiceConfig SERVICE = ServiceConfig.of(PROVIDER, "auth0");

    @AddConfigSource
    static ConfigSource config() {
        return SERVICE.source();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void logoutUsesOidcLogoutWithAnIdTokenHint() {
        Browser browser = new Browser();
        SignIn.complete(browser, SERVICE.url("/auth/login"), "auth0|alice", "{}");

        HttpResponse<String> logout = browser.submit(SERVICE.url("/auth/logout"), Map.of(), SERVICE.baseUrl().toString());

        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(location(logout).getPath()).isEqualTo("/auth0/oidc/logout");
        assertThat(SignIn.query(logout)).containsOnlyKeys("id_token_hint", "post_logout_redirect_uri", "client_id")
                .containsEntry("post_logout_redirect_uri", SERVICE.baseUrl() + "/");
        assertThat(SignIn.query(logout).get("id_token_hint")).startsWith("eyJ");
    }
}
