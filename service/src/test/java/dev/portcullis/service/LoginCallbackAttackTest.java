package dev.portcullis.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.service.testing.Responses.location;
import static dev.portcullis.service.testing.Responses.setCookie;
import static dev.portcullis.service.testing.Responses.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the login redirect and the callback, over HTTP through the embedded provider: forged, missing, replayed
 * and cross-browser state, code replay and injection, provider errors carrying markup, mix-up through the
 * {@code iss} response parameter (RFC 9207), open redirects through {@code return_to}, and spoofed host headers.
 * <p>
 * The generic provider here implements RFC 9207: it advertises {@code authorization_response_iss_parameter_supported}
 * and its authorization responses carry {@code iss}. A refused callback is always a 400 page with "Try again", no
 * stack trace, the login-state cookie deleted and no session cookie; a refusal that needs no provider sends nothing
 * to the provider's token endpoint.
 */
@HelidonTest
class LoginCallbackAttackTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "auth0")
            .options(EmbeddedProvider.Options.defaults().withIssuerParameter())
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    static final String REDIRECT_URI = SERVICE.baseUrl() + "/auth/callback";

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
        assertThat(PROVIDER.requests()).isEmpty();
    }

    @Test
    void signInWithTheProvidersOwnIssParameterWorks() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc&return_to=/api/me"), "alice", "{}");

        HttpResponse<String> done = browser.follow(toCallback);

        assertThat(SignIn.query(toCallback)).containsEntry("iss", PROVIDER.oidcIssuer().toString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(location(done)).isEqualTo(SERVICE.url("/api/me"));
        assertThat(browser.cookies()).containsKey("portcullis").doesNotContainKey("portcullis-login");
        assertThat(PROVIDER.tokenRequests()).hasSize(1);
    }

    @Test
    void everyAuthorizeUrlAsksForS256WithAFreshStateAndNonceOfAtLeast128Bits() {
        int logins = 25;
        Set<String> states = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        Set<String> challenges = new HashSet<>();
        for (int i = 0; i < logins; i++) {
            HttpResponse<String> redirect = new Browser().get(SERVICE.url("/auth/login?provider=oidc"));
            assertThat(redirect.statusCode()).isEqualTo(302);
            Map<String, List<String>> query = URLUtils.parseParameters(location(redirect).getRawQuery());

            assertThat(query.get("code_challenge_method")).containsExactly("S256");
            assertThat(query.get("code_challenge")).singleElement().satisfies(c -> assertThat(c).matches("[A-Za-z0-9_-]{43}"));
            assertThat(query.get("state")).singleElement().satisfies(LoginCallbackAttackTest::assertAtLeast128RandomBits);
            assertThat(query.get("nonce")).singleElement().satisfies(LoginCallbackAttackTest::assertAtLeast128RandomBits);
            states.add(query.get("state").get(0));
            nonces.add(query.get("nonce").get(0));
            challenges.add(query.get("code_challenge").get(0));
        }
        assertThat(states).hasSize(logins).doesNotContainAnyElementsOf(nonces);
        assertThat(nonces).hasSize(logins);
        assertThat(challenges).hasSize(logins);
    }

    @Test
    void callbackWithoutStateIsRefusedBeforeAnyTokenRequest() {
        Browser browser = new Browser();
        Map<String, String> answer = SignIn.query(SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));

        String loginState = browser.cookies().get("portcullis-login");

        HttpResponse<String> callback = browser.get(callbackUrl(Map.of("code", answer.get("code"), "iss", answer.get("iss"))));

        assertRefusedForeignCallback(callback, browser, loginState);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void callbackWithAForgedStateIsRefusedBeforeAnyTokenRequest() {
        Browser browser = new Browser();
        Map<String, String> answer = SignIn.query(SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));

        String loginState = browser.cookies().get("portcullis-login");

        HttpResponse<String> callback = browser.get(callbackUrl(Map.of("code", answer.get("code"), "state", "forged",
                "iss", answer.get("iss"))));

        assertRefusedForeignCallback(callback, browser, loginState);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void callbackWithoutTheLoginStateCookieIsRefusedBeforeAnyTokenRequest() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}");
        browser.clearCookies();

        HttpResponse<String> callback = browser.follow(toCallback);

        assertRefusedLogin(callback, browser);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void aReplayedCallbackIsRefusedBeforeAnyTokenRequestEvenWhileANewLoginIsUnderway() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}");
        assertThat(browser.follow(toCallback).statusCode()).isEqualTo(302);
        browser.clearCookies();
        PROVIDER.clearRequests();
        // the first callback consumed its login state; the browser now carries the state of its next login
        browser.get(SERVICE.url("/auth/login?provider=oidc"));
        String newLoginState = browser.cookies().get("portcullis-login");

        HttpResponse<String> replay = browser.follow(toCallback);

        assertRefusedForeignCallback(replay, browser, newLoginState);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void aCallbackForAnotherBrowsersLoginIsRefusedBeforeAnyTokenRequest() {
        // login CSRF: the attacker signs in at the provider and sends the callback link to a victim who is signing in too
        HttpResponse<String> attackersCallback = SignIn.atProvider(new Browser(), SERVICE.url("/auth/login?provider=oidc"), "mallory", "{}");
        Browser victim = new Browser();
        victim.get(SERVICE.url("/auth/login?provider=oidc"));
        assertThat(victim.cookies()).containsKey("portcullis-login");

        String victimsLoginState = victim.cookies().get("portcullis-login");

        HttpResponse<String> callback = victim.follow(attackersCallback);

        assertRefusedForeignCallback(callback, victim, victimsLoginState);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void theSameCallbackTwiceIsRefusedTheSecondTimeWithoutAskingTheProviderAndCreatesNoSession() {
        Browser victim = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(victim, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}");
        String loginState = victim.cookies().get("portcullis-login");
        assertThat(victim.follow(toCallback).statusCode()).isEqualTo(302);

        // an attacker who copied both the callback URL and the login-state cookie gets past the state check
        Browser attacker = new Browser();
        attacker.setCookie("portcullis-login", loginState);
        HttpResponse<String> replay = attacker.follow(toCallback);

        assertRefusedLogin(replay, attacker);
        // this instance took the login's callback to the provider once; the copy is not sent again (another instance
        // would send it, and the provider refuses a code used before)
        assertThat(PROVIDER.tokenRequests()).hasSize(1);
    }

    @Test
    void aFloodOfReplayedCallbacksCostsTheProviderNoTokenRequest() {
        Browser victim = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(victim, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}");
        String loginState = victim.cookies().get("portcullis-login");
        assertThat(victim.follow(toCallback).statusCode()).isEqualTo(302);
        PROVIDER.clearRequests();

        for (int i = 0; i < 50; i++) {
            Browser attacker = new Browser();
            attacker.setCookie("portcullis-login", loginState);
            assertThat(attacker.follow(toCallback).statusCode()).isEqualTo(400);
        }

        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void anErrorLinkWithoutThisBrowsersStateLeavesItsLoginInProgressToComplete() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}");
        String loginState = browser.cookies().get("portcullis-login");

        // a link anyone can send: the provider's error answer, but without (or with another) state
        assertRefusedForeignCallback(browser.get(callbackUrl(Map.of("error", "access_denied"))), browser, loginState);
        assertRefusedForeignCallback(browser.get(callbackUrl(Map.of("error", "access_denied", "state", "forged"))), browser, loginState);
        assertThat(PROVIDER.tokenRequests()).isEmpty();

        HttpResponse<String> callback = browser.follow(toCallback);

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(browser.cookies()).containsKey("portcullis").doesNotContainKey("portcullis-login");
    }

    static Stream<Arguments> parametersNoProviderSends() {
        return Stream.of(
                Arguments.of("code", "a\u0001b"),
                Arguments.of("code", "caf\u00e9"),
                Arguments.of("state", "s".repeat(513)),
                Arguments.of("iss", "https://issuer.example/" + "a".repeat(2030)),
                Arguments.of("error", "e".repeat(257)));
    }

    @ParameterizedTest
    @MethodSource("parametersNoProviderSends")
    void aCallbackParameterNoProviderSendsIsABadRequestThatLeavesTheLoginIntact(String parameter, String value) {
        Browser browser = new Browser();
        Map<String, String> answer = SignIn.query(SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));
        String loginState = browser.cookies().get("portcullis-login");
        Map<String, String> query = new LinkedHashMap<>(answer);
        query.put(parameter, value);

        assertRefusedForeignCallback(browser.get(callbackUrl(query)), browser, loginState);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void aCodeIssuedToAnotherClientIsRefusedByPkce() {
        Browser browser = new Browser();
        Map<String, String> ours = SignIn.query(SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));

        HttpResponse<String> callback = browser.get(callbackUrl(Map.of("code", codeForAnotherClient(), "state", ours.get("state"),
                "iss", ours.get("iss"))));

        assertRefusedLogin(callback, browser);
        assertThat(PROVIDER.tokenRequests()).hasSize(1);
    }

    @Test
    void providerErrorWithMarkupInItsDescriptionGetsAnEscapedPageAndNoTokenRequest() {
        Browser browser = new Browser();
        Map<String, String> started = SignIn.query(browser.get(SERVICE.url("/auth/login?provider=oidc")));

        HttpResponse<String> callback = browser.get(callbackUrl(Map.of("error", "access_denied",
                "error_description", "<script>alert(1)</script><img src=x onerror=alert(2)>", "state", started.get("state"),
                "iss", PROVIDER.oidcIssuer().toString())));

        assertRefusedLogin(callback, browser);
        assertThat(callback.body()).contains("access_denied").doesNotContain("<script", "<img", "alert(", "onerror");
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void providerErrorThatIsNotAnErrorCodeIsNotEchoed() {
        Browser browser = new Browser();
        browser.get(SERVICE.url("/auth/login?provider=oidc"));

        Map<String, String> started = SignIn.query(browser.get(SERVICE.url("/auth/login?provider=oidc")));

        HttpResponse<String> callback = browser.get(callbackUrl(Map.of("error", "<img src=x onerror=alert(1)>", "state", started.get("state"),
                "iss", PROVIDER.oidcIssuer().toString())));

        assertRefusedLogin(callback, browser);
        assertThat(callback.body()).doesNotContain("<img", "img src", "onerror");
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    static Stream<String> foreignIssuers() {
        return Stream.of("https://evil.example", PROVIDER.oidcIssuer() + "/", PROVIDER.auth0Issuer().toString(),
                PROVIDER.oidcIssuer().toString().replace("127.0.0.1", "localhost"));
    }

    @ParameterizedTest
    @MethodSource("foreignIssuers")
    void issOfAnotherIssuerIsRefusedBeforeAnyTokenRequest(String issuer) {
        Browser browser = new Browser();
        Map<String, String> answer = SignIn.query(SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));

        HttpResponse<String> callback = browser.get(callbackUrl(Map.of("code", answer.get("code"), "state", answer.get("state"),
                "iss", issuer)));

        assertRefusedLogin(callback, browser);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void missingIssIsRefusedBeforeAnyTokenRequestWhenTheProviderAdvertisesIt() {
        Browser browser = new Browser();
        Map<String, String> answer = SignIn.query(SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));

        HttpResponse<String> callback = browser.get(callbackUrl(Map.of("code", answer.get("code"), "state", answer.get("state"))));

        assertRefusedLogin(callback, browser);
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "//evil.example", "/\\evil.example", "https://127.0.0.1@evil.example",
            "https:evil.example", "%2F%2Fevil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "javascript:alert(1)"})
    void returnToAnotherSiteEndsTheSignInAtTheServiceRoot(String returnTo) {
        Browser browser = new Browser();

        HttpResponse<String> done = SignIn.complete(browser,
                SERVICE.url("/auth/login?provider=oidc&return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)), "alice", "{}");

        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(done.headers().allValues("Location")).containsExactly(SERVICE.url("/").toString());
        assertThat(browser.cookies()).containsKey("portcullis");
    }

    static Stream<Arguments> spoofedHostHeaders() {
        return Stream.of(
                Arguments.of(Map.of("Host", "evil.example")),
                Arguments.of(Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443")),
                Arguments.of(Map.of("Forwarded", "host=evil.example;proto=https")),
                Arguments.of(Map.of("Host", "evil.example:8443", "X-Forwarded-Host", "evil.example", "X-Forwarded-Prefix", "/evil")));
    }

    @ParameterizedTest
    @MethodSource("spoofedHostHeaders")
    void spoofedHostHeadersChangeNeitherTheRedirectUriNorWhereTheSignInEnds(Map<String, String> spoofed) {
        OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();

        Response login = call(http, SERVICE.url("/auth/login?provider=oidc"), spoofed, Map.of());
        URI authorize = URI.create(login.header("Location"));
        Browser browser = new Browser();
        browser.setCookie("portcullis-login", cookieValue(login, "portcullis-login"));
        HttpResponse<String> toCallback = browser.submit(authorize, Map.of("username", "alice", "claims", "{}"), null);
        Response callback = call(http, location(toCallback), spoofed, browser.cookies());

        assertThat(login.code()).isEqualTo(302);
        assertThat(URLUtils.parseParameters(authorize.getRawQuery()).get("redirect_uri")).containsExactly(REDIRECT_URI);
        assertThat(callback.code()).isEqualTo(302);
        assertThat(callback.header("Location")).isEqualTo(SERVICE.url("/").toString());
        assertThat(callback.headers("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("portcullis=").doesNotContain("Max-Age=0"));
        assertThat(PROVIDER.tokenRequests()).singleElement().satisfies(token ->
                assertThat(token.getFormParameters().get("redirect_uri")).isEqualTo(REDIRECT_URI));
    }

    /** A refused sign-in: a 400 page, no stack trace, the login state deleted, no session. */
    static void assertRefusedLogin(HttpResponse<String> response, Browser browser) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("Sign-in failed", "Try again")
                .doesNotContain("Exception", "\tat ", "dev.portcullis", "<script");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(setCookie(response, "portcullis-login")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(setCookies(response)).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(browser.cookies()).doesNotContainKeys("portcullis", "portcullis-login");
    }

    /**
     * A callback that is not the answer to this browser's login: refused as a failed sign-in, but the login under way
     * stays: its cookie is neither cleared nor replaced, so a forged link cannot cancel it.
     */
    static void assertRefusedForeignCallback(HttpResponse<String> response, Browser browser, String loginState) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("Try again").doesNotContain("Exception", "\tat ", "dev.portcullis", "<script");
        assertThat(setCookies(response)).isEmpty();
        assertThat(loginState).isNotNull();
        assertThat(browser.cookies()).containsEntry("portcullis-login", loginState).doesNotContainKey("portcullis");
    }

    static void assertAtLeast128RandomBits(String value) {
        assertThat(value).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(value)).hasSizeGreaterThanOrEqualTo(16);
    }

    static URI callbackUrl(Map<String, String> query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        query.forEach((name, value) -> parameters.put(name, List.of(value)));
        return URI.create(REDIRECT_URI + "?" + URLUtils.serializeParameters(parameters));
    }

    /**
     * A request with headers the JDK's HTTP client will not send ({@code Host} is restricted there): OkHttp, the
     * embedded provider's own client library.
     */
    private static Response call(OkHttpClient http, URI uri, Map<String, String> headers, Map<String, String> cookies) {
        Request.Builder request = new Request.Builder().url(uri.toString()).headers(Headers.of(headers))
                .header("Accept", "text/html");
        if (!cookies.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            cookies.forEach((name, value) -> pairs.add(name + "=" + value));
            request.header("Cookie", String.join("; ", pairs));
        }
        try (Response response = http.newCall(request.build()).execute()) {
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cookieValue(Response response, String name) {
        return response.headers("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie"));
    }

    /** Another client's sign-in at the same provider, with its own PKCE challenge: its code. */
    private static String codeForAnotherClient() {
        CodeVerifier verifier = new CodeVerifier();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", "another-client");
        query.put("redirect_uri", REDIRECT_URI);
        query.put("scope", "openid");
        query.put("state", "theirs");
        query.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        query.put("code_challenge_method", "S256");
        HttpResponse<String> redirect = new Browser().submit(
                URI.create(PROVIDER.oidcIssuer() + "/authorize?" + Browser.formBody(query)), Map.of("username", "mallory"), null);
        return SignIn.query(redirect).get("code");
    }
}
