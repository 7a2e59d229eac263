package dev.portcullis.service;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No cache (a proxy's, a CDN's, the browser's own after sign-out) keeps an answer that depends on who asked: every answer
 * of a guarded resource, whatever its status, and every answer that sets a cookie carries {@code Cache-Control: no-store}.
 * Access tokens live 30 seconds here, less than the refresh margin, so a guarded call through a session refreshes it and
 * sets the new session cookie.
 */
@HelidonTest
class CacheControlTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc")
            .options(EmbeddedProvider.Options.defaults().tokenLifetime(30))
            .build();

    @Test
    void everyAnswerOfAGuardedResourceIsNeverStored() {
        String alice = SERVICE.bearerToken(TestUser.named("alice"));
        String admin = SERVICE.bearerToken(TestUser.named("root").inGroups("admin"));
        Browser browser = new Browser();
        SignIn.complete(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}");

        List<HttpResponse<String>> answers = List.of(
                bearer("/api/me", alice),
                bearer("/api/admin", admin),
                bearer("/api/admin", alice),
                bearer("/api/me", "not-a-token"),
                new Browser().getJson(SERVICE.url("/api/me")),
                new Browser().get(SERVICE.url("/api/me")),
                browser.getJson(SERVICE.url("/api/me")));

        assertThat(answers).map(HttpResponse::statusCode).containsExactly(200, 200, 403, 401, 401, 302, 200);
        assertThat(setCookies(answers.get(6))).as("the session was refreshed").isNotEmpty();
        assertThat(answers).allSatisfy(CacheControlTest::assertNoStore);
    }

    @Test
    void everyAnswerThatSetsACookieIsNeverStored() {
        Browser deadSession = new Browser();
        deadSession.setCookie("portcullis", SealedSessions.oidcSession(SERVICE.provider(), SERVICE.baseUrl().toString(),
                SERVICE.sessionSecret(), Instant.now().minusSeconds(5), "revoked-refresh-token"));
        Browser browser = new Browser();

        List<HttpResponse<String>> answers = List.of(
                // an open page: the guard ends the dead session, the filter clears its cookie
                deadSession.get(SERVICE.url("/")),
                browser.get(SERVICE.url("/auth/login?provider=oidc")),
                SignIn.complete(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));

        assertThat(answers).allSatisfy(answer -> assertThat(setCookies(answer)).as(answer.uri().toString()).isNotEmpty());
        assertThat(answers).allSatisfy(CacheControlTest::assertNoStore);
    }

    private static void assertNoStore(HttpResponse<String> answer) {
        assertThat(answer.headers().allValues("Cache-Control")).as(answer.request().method() + " " + answer.uri() + " "
                + answer.statusCode()).anySatisfy(value -> assertThat(value).contains("no-store"));
    }

    private static HttpResponse<String> bearer(String path, String token) {
        return new Browser().send(Browser.request(SERVICE.url(path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .GET());
    }
}
