package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import dev.portcullis.service.testing.Browser;
import dev.portcullis.service.testing.EmbeddedProvider;
import dev.portcullis.service.testing.ServiceConfig;
import dev.portcullis.service.testing.SignIn;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.service.testing.Responses.location;
import static dev.portcullis.service.testing.Responses.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 4xx, never a stack trace, never a token request it should not cause, never a session.
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

    @BeforeEach
    void forgetRequests() {
        PROVIDER.clearRequests();
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
    void callbackWithoutTheLoginStateCookieIsRefusedBeforeAnyTokenRequest() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login"), "alice", "{}");
        browser.clearCookies();

        HttpResponse<String> callback = browser.follow(toCallback);

        assertRefusedLogin(callback);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void callbackWithAForgedStateIsRefusedBeforeAnyTokenRequest() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login"), "alice", "{}");
        Map<String, String> query = SignIn.query(toCallback);

        HttpResponse<String> callback = browser.get(SERVICE.url("/auth/callback?code=" + query.get("code") + "&state=forged"));

        assertRefusedLogin(callback);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void aReplayedCallbackInTheSameBrowserIsRefused() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login"), "alice", "{}");
        assertThat(browser.follow(toCallback).statusCode()).isEqualTo(302);

        HttpResponse<String> replay = browser.follow(toCallback);

        assertRefusedLogin(replay);
        assertThat(PROVIDER.tokenRequests()).hasSize(1);
    }

    @Test
    void aReplayedCallbackWithAStolenLoginStateCookieIsRefusedAndCreatesNoSession() {
        Browser victim = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(victim, SERVICE.url("/auth/login"), "alice", "{}");
        String loginState = victim.cookies().get("portcullis-login");
        assertThat(victim.follow(toCallback).statusCode()).isEqualTo(302);

        Browser attacker = new Browser();
        attacker.setCookie("portcullis-login", loginState);
        HttpResponse<String> replay = attacker.follow(toCallback);

        assertRefusedLogin(replay);
        assertThat(setCookie(replay, "portcullis")).isEmpty();
        assertThat(attacker.cookies()).doesNotContainKey("portcullis");
    }

    @Test
    void providerErrorGetsAnEscapedPageAndNoTokenRequest() {
        Browser browser = new Browser();
        browser.get(SERVICE.url("/auth/login"));
        HttpResponse<String> callback = browser.get(SERVICE.url(
                "/auth/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=x"));

        assertRefusedLogin(callback);
        assertThat(callback.body()).contains("access_denied").doesNotContain("<script>", "alert(1)");
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void providerErrorThatIsNotAnErrorCodeIsNotEchoed() {
        HttpResponse<String> callback = new Browser().get(SERVICE.url("/auth/callback?error=%3Cimg%20src%3Dx%3E"));
        assertRefusedLogin(callback);
        assertThat(callback.body()).doesNotContain("<img", "img src");
    }

    @Test
    void aCodeIssuedToAnotherClientIsRefusedByPkce() {
        Browser browser = new Browser();
        HttpResponse<String> ours = SignIn.atProvider(browser, SERVICE.url("/auth/login"), "alice", "{}");
        String otherClientsCode = codeForAnotherClient();

        HttpResponse<String> callback = browser.get(SERVICE.url("/auth/callback?code=" + otherClientsCode
                + "&state=" + SignIn.query(ours).get("state")));

        assertRefusedLogin(callback);
        assertThat(PROVIDER.tokenRequests()).hasSize(1);
        assertThat(browser.cookies()).doesNotContainKey("portcullis");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "//evil.example", "/\\evil.example", "https:evil.example",
            "https://127.0.0.1@evil.example", "javascript:alert(1)"})
    void returnToAnotherSiteEndsAtTheServiceRoot(String returnTo) {
        Browser browser = new Browser();
        HttpResponse<String> done = SignIn.complete(browser, SERVICE.url("/auth/login?return_to="
                + java.net.URLEncoder.encode(returnTo, java.nio.charset.StandardCharsets.UTF_8)), "alice", "{}");

        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(location(done)).isEqualTo(SERVICE.url("/"));
    }

    private static void assertRefusedLogin(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("Sign-in failed", "Try again").doesNotContain("Exception", "\tat ");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    /** Another client's sign-in at the same provider, with its own PKCE challenge: its code. */
    private static String codeForAnotherClient() {
        CodeVerifier verifier = new CodeVerifier();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", "another-client");
        query.put("redirect_uri", SERVICE.baseUrl() + "/auth/callback");
        query.put("scope", "openid");
        query.put("state", "theirs");
        query.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        query.put("code_challenge_method", "S256");
        HttpResponse<String> redirect = new Browser().submit(
                URI.create(PROVIDER.oidcIssuer() + "/authorize?" + Browser.formBody(query)), Map.of("username", "mallory"), null);
        return SignIn.query(redirect).get("code");
    }
}
