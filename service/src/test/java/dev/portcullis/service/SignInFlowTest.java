package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.service.testing.Responses.location;
import static dev.portcullis.service.testing.Responses.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint through HTTP against the running service, for each provider module, following the redirects
 * to the embedded provider's login form and back. All three providers are enabled at once; each login names one.
 * The provider rotates refresh tokens, as Auth0 and Cognito can.
 */
@HelidonTest
class SignInFlowTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "auth0", "cognito")
            .options(EmbeddedProvider.Options.defaults().rotatingRefreshTokens())
            .setting("auth.refresh.api-callers", "true")
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    static final String ORIGIN = SERVICE.baseUrl().toString();

    /** The claim that carries groups in each tenant's tokens. */
    static final Map<String, String> GROUPS_CLAIM = Map.of(
            "oidc", "groups",
            "auth0", EmbeddedProvider.AUTH0_ROLES_CLAIM,
            "cognito", "cognito:groups");

    /** Subjects shaped like each provider's: Auth0 prefixes the connection, Cognito uses a UUID. */
    static final Map<String, String> SUBJECT = Map.of(
            "oidc", "alice",
            "auth0", "auth0|64f1c2aa93e1b2c3d4e5f601",
            "cognito", "3f6b9d2e-8c41-4e1b-9a3d-2b7c5e0f1a66");

    static URI login(String provider, String returnTo) {
        return SERVICE.url("/auth/login?provider=" + provider + "&return_to=" + returnTo);
    }

    static String claims(String provider, String... groups) {
        return "{\"email\":\"alice@example.com\",\"name\":\"Alice Liddell\",\"" + GROUPS_CLAIM.get(provider) + "\":["
                + String.join(",", java.util.Arrays.stream(groups).map(g -> "\"" + g + "\"").toList()) + "]}";
    }

    static Browser signedIn(String provider, String... groups) {
        Browser browser = new Browser();
        HttpResponse<String> done = SignIn.complete(browser, login(provider, "/"), SUBJECT.get(provider), claims(provider, groups));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        return browser;
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void signInLandsOnReturnToWithSession(String provider) {
        Browser browser = new Browser();
        HttpResponse<String> done = SignIn.complete(browser, login(provider, "/api/me"), "alice", claims(provider));

        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(location(done)).isEqualTo(SERVICE.url("/api/me"));
        assertThat(setCookie(done, "portcullis")).hasValueSatisfying(cookie ->
                assertThat(cookie).endsWith("; Path=/; HttpOnly; SameSite=Lax").doesNotContain("Max-Age"));
        assertThat(setCookie(done, "portcullis-login")).hasValueSatisfying(cookie -> assertThat(cookie).contains("Max-Age=0"));
        assertThat(browser.cookies()).containsKey("portcullis").doesNotContainKey("portcullis-login");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void loginRedirectCarriesPkceS256FreshStateAndNonceAndTheExactRedirectUri(String provider) {
        Map<String, String> first = SignIn.query(new Browser().get(login(provider, "/")));
        Map<String, String> second = SignIn.query(new Browser().get(login(provider, "/")));

        assertThat(first).containsEntry("response_type", "code")
                .containsEntry("client_id", EmbeddedProvider.CLIENT_ID)
                .containsEntry("redirect_uri", SERVICE.baseUrl() + "/auth/callback")
                .containsEntry("code_challenge_method", "S256");
        assertThat(first.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(first.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(first.get("nonce")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(first.get("scope").split(" ")).contains("openid");
        assertThat(second.get("state")).isNotEqualTo(first.get("state"));
        assertThat(second.get("nonce")).isNotEqualTo(first.get("nonce"));
        assertThat(second.get("code_challenge")).isNotEqualTo(first.get("code_challenge"));
    }

    @Test
    void auth0LoginAsksForTheApiAudienceAndOfflineAccess() {
        HttpResponse<String> redirect = new Browser().get(login("auth0", "/"));
        assertThat(location(redirect).getPath()).isEqualTo("/auth0/authorize");
        assertThat(SignIn.query(redirect)).containsEntry("audience", EmbeddedProvider.API_AUDIENCE);
        assertThat(SignIn.query(redirect).get("scope").split(" ")).contains("openid", "offline_access");
    }

    @Test
    void cognitoLoginGoesToTheManagedLoginDomainNotTheIssuerHost() {
        HttpResponse<String> redirect = new Browser().get(login("cognito", "/"));
        assertThat(location(redirect).getPath()).isEqualTo("/cognito/oauth2/authorize");
        assertThat(SignIn.query(redirect)).doesNotContainKey("audience");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void tokenRequestSendsTheVerifierTheExactRedirectUriAndTheProvidersClientAuthentication(String provider) {
        Browser browser = new Browser();
        PROVIDER.clearRequests();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, login(provider, "/"), "alice", claims(provider));
        String challenge = PROVIDER.requests().stream()
                .filter(r -> r.getMethod().equals("POST") && r.getUrl().encodedPath().endsWith("/authorize"))
                .map(r -> r.getUrl().queryParameter("code_challenge"))
                .reduce((a, b) -> b).orElseThrow();
        PROVIDER.clearRequests();
        browser.follow(toCallback);

        List<OAuth2HttpRequest> tokenRequests = PROVIDER.tokenRequests();
        assertThat(tokenRequests).hasSize(1);
        OAuth2HttpRequest token = tokenRequests.get(0);
        assertThat(token.getUrl().encodedPath()).isEqualTo(switch (provider) {
            case "auth0" -> "/auth0/oauth/token";
            case "cognito" -> "/cognito/oauth2/token";
            default -> "/oidc/token";
        });
        assertThat(token.getFormParameters().get("grant_type")).isEqualTo("authorization_code");
        assertThat(token.getFormParameters().get("redirect_uri")).isEqualTo(SERVICE.baseUrl() + "/auth/callback");
        String verifier = token.getFormParameters().get("code_verifier");
        assertThat(verifier).matches("[A-Za-z0-9._~-]{43,128}");
        assertThat(CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue()).isEqualTo(challenge);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (EmbeddedProvider.CLIENT_ID + ":" + EmbeddedProvider.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (provider.equals("auth0")) {
            assertThat(token.getHeaders().get("Authorization")).isNull();
            assertThat(token.getFormParameters().get("client_id")).isEqualTo(EmbeddedProvider.CLIENT_ID);
            assertThat(token.getFormParameters().get("client_secret")).isEqualTo(EmbeddedProvider.CLIENT_SECRET);
        } else {
            assertThat(token.getHeaders().get("Authorization")).isEqualTo(basic);
            assertThat(token.getFormParameters().get("client_secret")).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void meBySessionCookieDescribesTheUserFromTheIdToken(String provider) {
        Browser browser = signedIn(provider, "staff");

        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        JsonObject body = json(me);
        assertThat(body.getString("sub")).isEqualTo(SUBJECT.get(provider));
        assertThat(body.getString("name")).isEqualTo("Alice Liddell");
        assertThat(body.getString("email")).isEqualTo("alice@example.com");
        assertThat(body.getString("provider")).isEqualTo(provider);
        assertThat(body.getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("staff");
        assertThat(body.getString("source")).isEqualTo("session");
        assertThat(java.time.Instant.parse(body.getString("expires_at"))).isAfter(java.time.Instant.now().plusSeconds(3000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void meByBearerTokenFromTheProviderPicksTheProviderByIssuer(String provider) {
        String accessToken = (String) PROVIDER.tokensFor(provider, "bob", claims(provider, "staff")).get("access_token");

        HttpResponse<String> me = bearer(SERVICE.url("/api/me"), accessToken);

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        JsonObject body = json(me);
        assertThat(body.getString("sub")).isEqualTo("bob");
        assertThat(body.getString("provider")).isEqualTo(provider);
        assertThat(body.getString("source")).isEqualTo("bearer");
        assertThat(body.getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("staff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void anIdTokenIsNotAccessTokenEvenFromTheRightProvider(String provider) {
        String idToken = (String) PROVIDER.tokensFor(provider, "bob", claims(provider, "admin")).get("id_token");

        HttpResponse<String> me = bearer(SERVICE.url("/api/me"), idToken);

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void adminIsForbiddenWithoutTheGroupAndAllowedWithIt(String provider) {
        HttpResponse<String> withoutGroup = signedIn(provider, "staff").getJson(SERVICE.url("/api/admin"));
        HttpResponse<String> withGroup = signedIn(provider, "staff", "admin").getJson(SERVICE.url("/api/admin"));
        String userToken = (String) PROVIDER.tokensFor(provider, "bob", claims(provider)).get("access_token");
        String adminToken = (String) PROVIDER.tokensFor(provider, "carol", claims(provider, "admin")).get("access_token");

        assertThat(withoutGroup.statusCode()).isEqualTo(403);
        assertThat(json(withoutGroup).getString("error")).isEqualTo("forbidden");
        assertThat(withGroup.statusCode()).as(withGroup.body()).isEqualTo(200);
        assertThat(json(withGroup).getBoolean("admin")).isTrue();
        assertThat(bearer(SERVICE.url("/api/admin"), userToken).statusCode()).isEqualTo(403);
        assertThat(bearer(SERVICE.url("/api/admin"), adminToken).statusCode()).isEqualTo(200);
    }

    @Test
    void apiCallersWithoutCredentialsGetA401BearerChallengeAndBrowsersAreSentToSignIn() {
        HttpResponse<String> api = new Browser().getJson(SERVICE.url("/api/me"));
        HttpResponse<String> page = new Browser().get(SERVICE.url("/api/admin?tab=1"));

        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(json(api).getString("error")).isEqualTo("unauthorized");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(location(page)).isEqualTo(SERVICE.url("/auth/login?return_to=%2Fapi%2Fadmin%3Ftab%3D1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void refreshStoresTheRotatedRefreshTokenSoTheNextRefreshWorksToo(String provider) {
        Browser browser = signedIn(provider);
        PROVIDER.clearRequests();

        HttpResponse<String> first = refresh(browser);
        HttpResponse<String> second = refresh(browser);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).getString("provider")).isEqualTo(provider);
        assertThat(setCookie(second, "portcullis")).isPresent();
        List<String> used = PROVIDER.tokenRequests().stream()
                .map(r -> r.getFormParameters().get("refresh_token")).toList();
        assertThat(used).hasSize(2).doesNotHaveDuplicates().doesNotContainNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void refreshWithARevokedRefreshTokenIsRefusedWhileTheAccessTokenLasts(String provider) {
        Browser browser = signedIn(provider);
        Map<String, String> sessionBeforeLogout = browser.cookies();
        PROVIDER.clearRequests();
        HttpResponse<String> logout = browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(PROVIDER.requests()).anySatisfy(r -> {
            assertThat(r.getUrl().encodedPath()).endsWith("/revoke");
            assertThat(r.getFormParameters().get("token_type_hint")).isEqualTo("refresh_token");
            assertThat(r.getFormParameters().get("token")).isNotBlank();
        });

        // a copy of the old cookie still decrypts (sessions are stateless), but the provider refuses its refresh token;
        // its access token lasts an hour, so the session is left alone (a refused refresh cannot tell a revoked token
        // from one a concurrent request just rotated) and ends at the first refresh after that hour
        // (SessionAttackTest's aRefusedRefreshAfterTheAccessTokenExpired... cases)
        sessionBeforeLogout.forEach(browser::setCookie);
        PROVIDER.clearRequests();
        HttpResponse<String> refresh = refresh(browser);

        assertThat(refresh.statusCode()).isEqualTo(409);
        assertThat(json(refresh).getString("error")).isEqualTo("refresh_conflict");
        assertThat(setCookie(refresh, "portcullis")).isEmpty();
        assertThat(PROVIDER.tokenRequests()).singleElement().satisfies(request ->
                assertThat(request.getFormParameters().get("grant_type")).isEqualTo("refresh_token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void anApiCallerRefreshesItsOwnTokensThroughTheService(String provider) {
        Map<String, Object> tokens = PROVIDER.tokensFor(provider, "bob", claims(provider));
        String refreshToken = (String) tokens.get("refresh_token");
        PROVIDER.clearRequests();

        HttpResponse<String> refresh = new Browser().send(Browser.request(SERVICE.url("/auth/refresh"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.formBody(Map.of("provider", provider, "refresh_token", refreshToken)))));

        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
        assertThat(refresh.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        JsonObject body = json(refresh);
        assertThat(body.getString("token_type")).isEqualTo("Bearer");
        assertThat(body.getString("refresh_token")).isNotBlank().isNotEqualTo(refreshToken);
        assertThat(body.getJsonNumber("expires_in").longValue()).isPositive();
        assertThat(bearer(SERVICE.url("/api/me"), body.getString("access_token")).statusCode()).isEqualTo(200);
        assertThat(PROVIDER.tokenRequests()).singleElement().satisfies(request ->
                assertThat(request.getFormParameters().get("refresh_token")).isEqualTo(refreshToken));
    }

    @Test
    void logoutSendsTheBrowserToTheGenericProvidersEndSessionEndpointWithAnIdTokenHint() {
        Browser browser = signedIn("oidc");
        HttpResponse<String> logout = browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN);

        assertThat(logout.statusCode()).isEqualTo(303);
        URI target = location(logout);
        assertThat(target.getPath()).isEqualTo("/oidc/endsession");
        assertThat(SignIn.query(logout)).containsOnlyKeys("id_token_hint", "post_logout_redirect_uri", "client_id")
                .containsEntry("post_logout_redirect_uri", SERVICE.baseUrl() + "/")
                .containsEntry("client_id", EmbeddedProvider.CLIENT_ID);
        assertSignedOut(browser, logout);
    }

    @Test
    void logoutSendsTheBrowserToAuth0sV2LogoutWhenTheTenantHasNoEndSessionEndpoint() {
        Browser browser = signedIn("auth0");
        HttpResponse<String> logout = browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN);

        assertThat(location(logout).getPath()).isEqualTo("/auth0/v2/logout");
        assertThat(SignIn.query(logout)).containsOnlyKeys("client_id", "returnTo")
                .containsEntry("returnTo", SERVICE.baseUrl() + "/");
        assertSignedOut(browser, logout);
    }

    @Test
    void logoutSendsTheBrowserToCognitosLogoutOnTheManagedLoginDomain() {
        Browser browser = signedIn("cognito");
        HttpResponse<String> logout = browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN);

        assertThat(location(logout).getPath()).isEqualTo("/cognito/logout");
        assertThat(SignIn.query(logout)).containsOnlyKeys("client_id", "logout_uri")
                .containsEntry("logout_uri", SERVICE.baseUrl() + "/");
        assertSignedOut(browser, logout);
    }

    @Test
    void logoutLinkFromThisSiteSignsOutWithA302() {
        Browser browser = signedIn("oidc");
        // the browser says a page of this origin sent it: the only evidence a GET sign-out is meant
        HttpResponse<String> logout = browser.send(Browser.request(SERVICE.url("/auth/logout"))
                .header("Accept", "text/html").header("Sec-Fetch-Site", "same-origin").GET());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertSignedOut(browser, logout);
    }

    @Test
    void crossSiteLogoutPostHasNoEffect() {
        Browser browser = signedIn("oidc");
        HttpResponse<String> forged = browser.submit(SERVICE.url("/auth/logout"), Map.of(), "https://evil.example");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(browser.getJson(SERVICE.url("/api/me")).statusCode()).isEqualTo(200);
    }

    @Test
    void signingInWithAnotherProviderReplacesTheSession() {
        Browser browser = signedIn("auth0");
        assertThat(json(browser.getJson(SERVICE.url("/api/me"))).getString("provider")).isEqualTo("auth0");

        SignIn.complete(browser, login("cognito", "/"), "alice", claims("cognito"));

        assertThat(json(browser.getJson(SERVICE.url("/api/me"))).getString("provider")).isEqualTo("cognito");
    }

    @Test
    void homePageOffersEveryEnabledProviderThenShowsTheSignedInUser() {
        HttpResponse<String> signedOut = new Browser().get(SERVICE.url("/"));
        Browser browser = signedIn("cognito", "admin");
        HttpResponse<String> signedIn = browser.get(SERVICE.url("/"));

        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(signedOut.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'"));
        assertThat(signedOut.body()).contains("/auth/login?provider=oidc", "/auth/login?provider=auth0",
                "/auth/login?provider=cognito", "Sign in with Amazon Cognito");
        assertThat(signedIn.body()).contains("Alice Liddell", "alice@example.com", "Amazon Cognito", "admin",
                "id=\"refresh\"", "id=\"sign-out\"");
    }

    private static void assertSignedOut(Browser browser, HttpResponse<String> logout) {
        assertThat(setCookie(logout, "portcullis")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(browser.cookies()).doesNotContainKey("portcullis");
        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> refresh(Browser browser) {
        return browser.postAsScript(SERVICE.url("/auth/refresh"), ORIGIN);
    }

    private static HttpResponse<String> bearer(URI uri, String token) {
        return new Browser().send(Browser.request(uri)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .GET());
    }
}
