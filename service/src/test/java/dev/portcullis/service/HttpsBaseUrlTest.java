package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.location;
import static dev.portcullis.service.testing.Responses.setCookie;
import static dev.portcullis.service.testing.Responses.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service behind TLS termination at {@code https://app.portcullis.test}: cookies get {@code Secure} and the
 * {@code __Host-} prefix, and the redirect URI is exactly the configured one whatever {@code Host} or
 * {@code X-Forwarded-*} a client sends.
 */
@HelidonTest
class HttpsBaseUrlTest {

    static final String PUBLIC_URL = "https://app.portcullis.test";

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito")
            .baseUrl(PUBLIC_URL)
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Test
    void loginStateCookieIsSecureHostOnlyHttpOnlyAndLax() {
        HttpResponse<String> login = new Browser().get(SERVICE.url("/auth/login"));

        assertThat(setCookie(login, "__Host-portcullis-login")).hasValueSatisfying(cookie ->
                assertThat(cookie).matches("__Host-portcullis-login=[A-Za-z0-9._-]+; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Lax"));
    }

    @Test
    void redirectUriIsTheConfiguredOneWhateverTheHostHeadersSay() {
        HttpResponse<String> login = new Browser().send(Browser.request(SERVICE.url("/auth/login"))
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "http")
                .header("Forwarded", "host=evil.example;proto=http")
                .GET());

        assertThat(SignIn.query(login)).containsEntry("redirect_uri", PUBLIC_URL + "/auth/callback");
    }

    @Test
    void completedSignInSetsSecureHostOnlySessionCookiesAndReturnsToThePublicUrl() {
        Browser browser = new Browser();

        HttpResponse<String> done = signInBehindTheProxy(browser, "/api/me");

        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(location(done)).isEqualTo(URI.create(PUBLIC_URL + "/api/me"));
        assertThat(setCookie(done, "__Host-portcullis")).hasValueSatisfying(cookie ->
                assertThat(cookie).matches("__Host-portcullis=[A-Za-z0-9._-]+; Path=/; Secure; HttpOnly; SameSite=Lax"));
        assertThat(setCookie(done, "__Host-portcullis-login")).hasValueSatisfying(cookie ->
                assertThat(cookie).isEqualTo("__Host-portcullis-login=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"));
        assertThat(browser.getJson(SERVICE.url("/api/me")).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutFromThePublicOriginIsAcceptedAndFromAnyOtherRefused() {
        Browser browser = new Browser();
        assertThat(signInBehindTheProxy(browser, "/").statusCode()).isEqualTo(302);

        assertThat(browser.submit(SERVICE.url("/auth/logout"), Map.of(), "http://127.0.0.1").statusCode()).isEqualTo(403);
        assertThat(browser.submit(SERVICE.url("/auth/logout"), Map.of(), PUBLIC_URL).statusCode()).isEqualTo(303);
    }

    @Test
    void everyCookieOfLoginCallbackRefreshAndLogoutIsSecureHostOnlyHttpOnlyAndLax() {
        // enough groups that the session needs several cookies, each of which must carry the prefix too
        String manyGroups = "{\"cognito:groups\":[" + java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "\"portcullis-group-number-%03d\"".formatted(i)).collect(java.util.stream.Collectors.joining(",")) + "]}";
        Browser browser = new Browser();
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(browser.get(SERVICE.url("/auth/login")));
        answers.add(signInBehindTheProxy(browser, "/", manyGroups));
        answers.add(browser.send(Browser.request(SERVICE.url("/auth/refresh")).header("Accept", "application/json")
                .header("Origin", PUBLIC_URL).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(""))));
        answers.add(browser.submit(SERVICE.url("/auth/logout"), Map.of(), PUBLIC_URL));
        answers.add(signInBehindTheProxy(browser, "/", manyGroups));
        answers.add(browser.send(Browser.request(SERVICE.url("/auth/logout"))
                .header("Accept", "text/html").header("Sec-Fetch-Site", "same-origin").GET()));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(302, 302, 200, 303, 302, 302);
        List<String> all = answers.stream().flatMap(answer -> setCookies(answer).stream()).toList();
        assertThat(all).allSatisfy(cookie -> assertThat(cookie).matches(
                "__Host-portcullis(-login|\\.[1-3])?=[A-Za-z0-9._-]*; Path=/(; Max-Age=(0|600))?; Secure; HttpOnly; SameSite=Lax"));
        assertThat(all).contains("__Host-portcullis.1=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax",
                "__Host-portcullis-login=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertThat(all).filteredOn(cookie -> cookie.startsWith("__Host-portcullis.1=") && !cookie.contains("Max-Age")).hasSize(3);
    }

    /** The provider sends the browser to the public callback URL; TLS terminates in front of the service, so the
     * test delivers that request to the service itself. */
    private static HttpResponse<String> signInBehindTheProxy(Browser browser, String returnTo) {
        return signInBehindTheProxy(browser, returnTo, "{}");
    }

    private static HttpResponse<String> signInBehindTheProxy(Browser browser, String returnTo, String claims) {
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login?return_to=" + returnTo), "alice", claims);
        URI callback = location(toCallback);
        assertThat(callback.toString()).startsWith(PUBLIC_URL + "/auth/callback?");
        return browser.get(SERVICE.url(callback.getRawPath() + "?" + callback.getRawQuery()));
    }
}
