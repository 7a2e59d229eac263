package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.time.Instant;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.service.testing.Responses.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider issues access tokens that live 30 seconds, less than the one-minute refresh margin: every guarded
 * call through a session refreshes first and sends the new session cookie with its answer.
 */
@HelidonTest
class ProactiveRefreshTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "cognito")
            .options(EmbeddedProvider.Options.defaults().tokenLifetime(30))
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Test
    void aRefusedRefreshWhileTheAccessTokenIsStillValidKeepsTheSession() {
        // another request may have used (and rotated) the refresh token a moment ago
        Browser browser = new Browser();
        browser.setCookie("portcullis", SealedSessions.oidcSession(PROVIDER, SERVICE.baseUrl().toString(),
                SERVICE.sessionSecret(), Instant.now().plusSeconds(30), "already-rotated-refresh-token"));
        PROVIDER.clearRequests();

        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(PROVIDER.tokenRequests()).hasSize(1);
        assertThat(setCookie(me, "portcullis")).isEmpty();
    }

    @Test
    void aRefusedRefreshAfterTheAccessTokenExpiredEndsTheSessionEvenOnAnOpenPage() {
        Browser browser = new Browser();
        browser.setCookie("portcullis", SealedSessions.oidcSession(PROVIDER, SERVICE.baseUrl().toString(),
                SERVICE.sessionSecret(), Instant.now().minusSeconds(5), "revoked-refresh-token"));
        PROVIDER.clearRequests();

        HttpResponse<String> home = browser.get(SERVICE.url("/"));
        HttpResponse<String> again = browser.get(SERVICE.url("/"));

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Sign in with");
        assertThat(setCookie(home, "portcullis")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(PROVIDER.tokenRequests()).as("the dead session is not refreshed again").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "cognito"})
    void guardedCallWithAnAccessTokenAboutToExpireRefreshesFirst(String provider) {
        Browser browser = new Browser();
        SignIn.complete(browser, SERVICE.url("/auth/login?provider=" + provider), "alice", "{}");
        String before = browser.cookies().get("portcullis");
        PROVIDER.clearRequests();

        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(PROVIDER.tokenRequests()).singleElement().satisfies(request ->
                assertThat(request.getFormParameters().get("grant_type")).isEqualTo("refresh_token"));
        assertThat(setCookie(me, "portcullis")).isPresent();
        assertThat(browser.cookies().get("portcullis")).isNotEqualTo(before);
    }
}
