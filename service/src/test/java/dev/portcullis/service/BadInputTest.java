package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;

import dev.portcullis.service.testing.Browser;
import dev.portcullis.service.testing.EmbeddedProvider;
import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.service.testing.ServiceConfig;
import dev.portcullis.service.testing.SignIn;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 4xx, never a stack trace: an unknown provider, broken or foreign session cookies, refresh
 * without credentials. Attacks on the login redirect and the callback are in {@link LoginCallbackAttackTest}, forged
 * ID tokens in {@link IdTokenAttackTest}.
 */
@HelidonTest
class BadInputTest {

    static final EmbeddedProvider PROVIDER = EmbeddedProvider.start(EmbeddedProvider.Options.defaults());
    static final ServiceConfig SERVICE = ServiceConfig.of(PROVIDER, "oidc", "oidc", "cognito");

    @AddConfigSource
    static ConfigSource config() {
        return SERVICE.source();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void unknownProviderIsABadRequestForApisAndBrowsers() {
        HttpResponse<String> api = new Browser().getJson(SERVICE.url("/auth/login?provider=github"));
        HttpResponse<String> page = new Browser().get(SERVICE.url("/auth/login?provider=github"));

        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(json(api).getString("error")).isEqualTo("bad_request");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Try again").doesNotContain("Exception", "\tat ");
    }

    @Test
    void aTamperedSessionCookieGetsTheSameAnswerAsNone() {
        Browser browser = new Browser();
        SignIn.complete(browser, SERVICE.url("/auth/login"), "alice", "{}");
        String cookie = browser.cookies().get("portcullis");
        char flipped = cookie.charAt(cookie.length() / 2) == 'A' ? 'B' : 'A';
        browser.setCookie("portcullis", cookie.substring(0, cookie.length() / 2) + flipped + cookie.substring(cookie.length() / 2 + 1));

        HttpResponse<String> tampered = browser.getJson(SERVICE.url("/api/me"));
        HttpResponse<String> none = new Browser().getJson(SERVICE.url("/api/me"));

        assertSameRefusal(tampered, none);
    }

    @Test
    void aTruncatedSessionCookieGetsTheSameAnswerAsNone() {
        Browser browser = new Browser();
        SignIn.complete(browser, SERVICE.url("/auth/login"), "alice", "{}");
        browser.setCookie("portcullis", browser.cookies().get("portcullis").substring(0, 100));

        assertSameRefusal(browser.getJson(SERVICE.url("/api/me")), new Browser().getJson(SERVICE.url("/api/me")));
    }

    @Test
    void aSessionCookieSealedWithAnotherDeploymentsKeyGetsTheSameAnswerAsNone() {
        Browser browser = new Browser();
        browser.setCookie("portcullis", foreignSessionCookie());

        assertSameRefusal(browser.getJson(SERVICE.url("/api/me")), new Browser().getJson(SERVICE.url("/api/me")));
    }

    @Test
    void refreshWithoutASessionIs401() {
        HttpResponse<String> refresh = new Browser().send(Browser.request(SERVICE.url("/auth/refresh"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("")));

        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(json(refresh).getString("error")).isEqualTo("session_ended");
    }

    @Test
    void refreshForAnApiCallerWithAnUnknownRefreshTokenIs401() {
        HttpResponse<String> refresh = new Browser().send(Browser.request(SERVICE.url("/auth/refresh"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("provider=oidc&refresh_token=not-a-token")));

        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.body()).doesNotContain("not-a-token");
    }

    private static void assertSameRefusal(HttpResponse<String> actual, HttpResponse<String> expected) {
        assertThat(actual.statusCode()).isEqualTo(401).isEqualTo(expected.statusCode());
        assertThat(actual.body()).isEqualTo(expected.body());
        assertThat(actual.headers().allValues("WWW-Authenticate")).isEqualTo(expected.headers().allValues("WWW-Authenticate"));
    }

    /** A well-formed session for a real ID token of this provider, sealed with a key this service does not have. */
    private static String foreignSessionCookie() {
        return SealedSessions.oidcSession(PROVIDER, SERVICE.baseUrl().toString(),
                Base64.getEncoder().encodeToString("another-deployment-key-000000001".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Instant.now().plusSeconds(3600), null);
    }
}
