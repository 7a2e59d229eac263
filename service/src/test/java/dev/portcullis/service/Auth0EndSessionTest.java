package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Auth0 tenant with RP-Initiated Logout enabled advertises {@code end_session_endpoint}; logout then uses it
 * with an ID token hint instead of {@code /v2/logout}.
 */
@HelidonTest
class Auth0EndSessionTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("auth0")
            .options(EmbeddedProvider.Options.defaults().auth0WithEndSession())
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

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
