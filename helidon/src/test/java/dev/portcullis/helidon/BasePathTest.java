package dev.portcullis.helidon;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.base-path}, {@code auth.default-return-to} and {@code auth.post-logout-path} set: the sign-in endpoints
 * move, and so do the redirect URI, the guard's sign-in redirect and the provider logout's way back.
 */
@HelidonTest
class BasePathTest {

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.builder().providers("oidc")
            .setting("auth.base-path", "/account")
            .setting("auth.default-return-to", "/things")
            .setting("auth.post-logout-path", "/goodbye")
            .build();

    @Test
    void theEndpointsAndTheRedirectUriAreUnderTheConfiguredPath() {
        HttpResponse<String> login = Http.get(OIDC.url("/account/login"), "Accept", "text/html");
        HttpResponse<String> oldPath = Http.get(OIDC.url("/auth/login"), "Accept", "text/html");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow())
                .contains("redirect_uri=" + URLEncoder.encode(OIDC.baseUrl() + "/account/callback", StandardCharsets.UTF_8));
        assertThat(Http.get(OIDC.url("/account/assets/portcullis.css")).statusCode()).isEqualTo(200);
        assertThat(oldPath.statusCode()).isEqualTo(404);
    }

    @Test
    void theGuardSendsABrowserToTheConfiguredPath() {
        HttpResponse<String> navigation = Http.get(OIDC.url("/things"), "Accept", "text/html,*/*;q=0.8");

        assertThat(navigation.headers().firstValue("Location")).hasValue(OIDC.baseUrl() + "/account/login");
    }

    @Test
    void aSignInThatAskedNowhereReturnsToTheDefaultReturnPath() {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(OIDC.url("/account/login"));
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> toCallback = browser.submit(authorize, Map.of("username", "alice", "claims", "{}"), null);
        HttpResponse<String> callback = browser.follow(toCallback);

        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location")).hasValue(OIDC.baseUrl() + "/things");
    }

    @Test
    void theProvidersLogoutReturnsToThePostLogoutPath() {
        Browser browser = new Browser();
        OIDC.sessionCookies("oidc", TestUser.named("alice")).forEach(browser::setCookie);

        HttpResponse<String> logout = browser.submit(OIDC.url("/account/logout"), Map.of(), OIDC.baseUrl().toString());

        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Location").orElseThrow())
                .contains("post_logout_redirect_uri=" + URLEncoder.encode(OIDC.baseUrl() + "/goodbye", StandardCharsets.UTF_8));
        assertThat(browser.cookies()).isEmpty();
    }
}
