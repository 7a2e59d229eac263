package dev.portcullis.lambda;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.portcullis.testing.ApiGatewayClient;
import dev.portcullis.testing.ApiGatewayClient.Answer;
import dev.portcullis.testing.ApiGatewayClient.Payload;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole flow through the real Lambda handler, fed with API Gateway REST (1.0) and HTTP API (2.0) events of the
 * stage {@code prod}, against the embedded OpenID provider: the same resources and the same guard as on the Helidon
 * server. Runs in a JVM of its own (one Helidon container per JVM).
 */
class LambdaFlowTest {

    static final String BASE_URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod";

    /** A Lambda function is configured by environment variables; the test provider's settings stand in for them. */
    @RegisterExtension
    static final TestProvider TEST_PROVIDER = TestProvider.builder().providers("cognito", "oidc")
            .baseUrl(BASE_URL)
            .build();
    static final EmbeddedProvider PROVIDER = TEST_PROVIDER.provider();
    static LambdaHandler handler;

    @BeforeAll
    static void bootTheFunction() {
        handler = new LambdaHandler();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aScriptsRefreshWithNoBodyAndNoContentTypeRefreshesTheSessionAndAnUnreadableBodyIsRefused(Payload payload) {
        ApiGatewayClient script = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING);
        String session = TEST_PROVIDER.sessionCookie("cognito", TestUser.named("alice"));

        Answer refreshed = script.send("POST", "/auth/refresh", Map.of("Cookie", session, "Accept", "application/json"), null, false);
        Answer json = script.send("POST", "/auth/refresh", Map.of("Cookie", session, "Accept", "application/json",
                "Content-Type", "application/json"), "{}", false);
        Answer badCharset = script.send("POST", "/auth/refresh", Map.of("Cookie", session, "Accept", "application/json",
                "Content-Type", "application/x-www-form-urlencoded; charset=nope"), "a=b", false);

        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().getString("provider")).isEqualTo("cognito");
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.json().getString("error")).isEqualTo("unsupported_media_type");
        assertThat(badCharset.status()).isEqualTo(400);
        assertThat(badCharset.json().getString("error")).isEqualTo("bad_request");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void anAuthExceptionThatEscapesAnApplicationsResourceIsAnsweredByItsOwnApplicationsMapping(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING);
        // both applications' handlers exist, each with the mapping Portcullis registered on it
        assertThat(api.get("/auth/login?provider=cognito", Map.of("Accept", "application/json")).status()).isEqualTo(302);

        Answer refused = api.get("/api/verify?token=not-a-token", Map.of("Accept", "application/json"));
        Answer page = api.get("/api/verify?token=not-a-token", Map.of("Accept", "text/html,*/*;q=0.8"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.json().getString("error")).isEqualTo("unauthorized");
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("<h1>Not signed in</h1>");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void loginRedirectsToTheProviderWithTheConfiguredRedirectUriDespiteTheStageInThePath(Payload payload) {
        Answer login = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING).get("/auth/login?provider=cognito", Map.of("Accept", "text/html"));

        assertThat(login.status()).isEqualTo(302);
        URI authorize = URI.create(login.header("Location"));
        assertThat(authorize.getPath()).isEqualTo("/cognito/oauth2/authorize");
        assertThat(authorize.getRawQuery()).contains("redirect_uri=" + URLEncoder.encode(BASE_URL + "/auth/callback", StandardCharsets.UTF_8));
        assertThat(login.setCookies()).singleElement().asString()
                .startsWith("__Host-portcullis-login=").endsWith("; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Lax");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void signInSessionRefreshAndLogoutBehaveAsOnTheServer(Payload payload) {
        ApiGatewayClient browser = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING);
        String returnTo = URLEncoder.encode("/api/me?x=1&y=é", StandardCharsets.UTF_8);

        Answer callback = signIn(browser, "/auth/login?provider=cognito&return_to=" + returnTo, "{\"cognito:groups\":[\"staff\"]}");

        assertThat(callback.status()).as(callback.body()).isEqualTo(302);
        assertThat(callback.header("Location")).isEqualTo(BASE_URL + "/api/me?x=1&y=%C3%A9");
        assertThat(callback.setCookies()).as("several Set-Cookie in one answer").hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(c -> assertThat(c).startsWith("__Host-portcullis-login=;").contains("Max-Age=0"))
                .anySatisfy(c -> assertThat(c).startsWith("__Host-portcullis=").contains("Secure; HttpOnly; SameSite=Lax"));

        Answer me = browser.get("/api/me", Map.of("Accept", "application/json"));
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        JsonObject body = me.json();
        assertThat(body.getString("provider")).isEqualTo("cognito");
        assertThat(body.getString("source")).isEqualTo("session");
        assertThat(body.getJsonArray("groups").getString(0)).isEqualTo("staff");

        assertThat(browser.get("/api/admin", Map.of("Accept", "application/json")).status()).isEqualTo(403);

        // a form post, base64-encoded by API Gateway for a REST API
        Answer refresh = browser.send("POST", "/auth/refresh", Map.of("Accept", "application/json",
                "Content-Type", "application/x-www-form-urlencoded", "Origin", "https://abc123defg.execute-api.eu-west-1.amazonaws.com"),
                "", payload == Payload.REST_V1);
        assertThat(refresh.status()).as(refresh.body()).isEqualTo(200);
        assertThat(refresh.setCookies()).anySatisfy(c -> assertThat(c).startsWith("__Host-portcullis="));

        Answer logout = browser.send("POST", "/auth/logout", Map.of("Accept", "text/html",
                "Content-Type", "application/x-www-form-urlencoded", "Origin", "https://abc123defg.execute-api.eu-west-1.amazonaws.com"),
                "", payload == Payload.REST_V1);
        assertThat(logout.status()).isEqualTo(303);
        assertThat(URI.create(logout.header("Location")).getPath()).isEqualTo("/cognito/logout");
        assertThat(logout.header("Location")).contains("logout_uri=" + URLEncoder.encode(BASE_URL + "/", StandardCharsets.UTF_8));
        assertThat(browser.cookies()).doesNotContainKey("__Host-portcullis");
        assertThat(browser.get("/api/me", Map.of("Accept", "application/json")).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void bearerCallersAndAnonymousCallersGetTheServersAnswers(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, SyntheticContext.PRIMING);
        String staff = (String) PROVIDER.tokensFor("oidc", "bob", "{\"groups\":[\"staff\"]}").get("access_token");
        String admin = (String) PROVIDER.tokensFor("cognito", "carol", "{\"cognito:groups\":[\"admin\"]}").get("access_token");

        Answer me = api.get("/api/me", Map.of("Accept", "application/json", "Authorization", "Bearer " + staff));
        Answer forbidden = api.get("/api/admin", Map.of("Accept", "application/json", "Authorization", "Bearer " + staff));
        Answer allowed = api.get("/api/admin", Map.of("Accept", "application/json", "Authorization", "Bearer " + admin));
        Answer anonymous = api.get("/api/me", Map.of("Accept", "application/json"));
        Answer navigation = api.get("/api/me", Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().getString("provider")).isEqualTo("oidc");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.json().getString("error")).isEqualTo("unauthorized");
        assertThat(navigation.status()).isEqualTo(302);
        assertThat(navigation.header("Location")).isEqualTo(BASE_URL + "/auth/login?return_to=%2Fapi%2Fme");
    }

    /** Through the provider's real login form, then the callback as an API Gateway event. */
    private static Answer signIn(ApiGatewayClient browser, String loginPath, String claims) {
        Answer login = browser.get(loginPath, Map.of("Accept", "text/html"));
        assertThat(login.status()).isEqualTo(302);
        Browser atProvider = new Browser();
        URI authorize = URI.create(login.header("Location"));
        assertThat(atProvider.get(authorize).statusCode()).isEqualTo(200);
        HttpResponse<String> toCallback = atProvider.submit(authorize, Map.of("username", "alice", "claims", claims), null);
        URI callback = URI.create(toCallback.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString()).startsWith(BASE_URL + "/auth/callback?");
        return browser.get(callback.getRawPath().substring("/prod".length()) + "?" + callback.getRawQuery(), Map.of("Accept", "text/html"));
    }
}
