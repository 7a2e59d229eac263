package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.FaultyProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.portcullis.testing.FaultyProvider.Endpoint.DISCOVERY;
import static dev.portcullis.testing.FaultyProvider.Endpoint.JWKS;
import static dev.portcullis.testing.FaultyProvider.Endpoint.TOKEN;
import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.service.testing.Responses.location;
import static dev.portcullis.service.testing.Responses.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider fails, the service does not: a token endpoint that is down, too slow, or answers garbage gets a clean
 * 502 or 504 page with a "Try again" link (JSON for API callers), never a stack trace or the provider's body; signing
 * keys already fetched keep validating bearer tokens while the JWKS endpoint is down; a provider whose discovery is down
 * at start-up leaves the service running, not ready, until it answers. The embedded provider sits behind a WireMock
 * proxy that breaks one endpoint at a time. Cognito's discovery is down from before the service starts.
 */
@HelidonTest
class ProviderFaultTest {

    /** The provider call timeout of this test ({@code auth.http.timeout}); production's default is 5 seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Something a provider's body carries that must never reach an answer or a log. */
    static final String BODY_MARKER = "provider-body-marker-5c1e";

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "cognito")
            .throughFaultyProvider()
            .setting("auth.http.timeout", TIMEOUT.toString())
            // every readiness probe and sign-in asks a provider that is not ready again, so no test waits for a retry
            .setting("auth.discovery.retry-interval", "PT0S")
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    static final FaultyProvider FAULTY = SERVICE.faultyProvider();

    static {
        FAULTY.down("cognito", DISCOVERY);
    }

    @BeforeEach
    void forgetRequests() {
        FAULTY.forgetRequests();
    }

    @AfterEach
    void healOidc() {
        FAULTY.heal("oidc");
    }

    @Test
    void aTokenEndpointThatIsDownAtTheCallbackGetsA502PageWithATryAgainLink() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, login("oidc"), "alice", "{}");
        FAULTY.down("oidc", TOKEN);

        HttpResponse<String> callback = browser.follow(toCallback);

        assertProviderFailurePage(callback, 502, "The sign-in provider could not be reached. Please try again in a moment.");
        assertThat(FAULTY.requests("oidc", TOKEN)).as("the code exchange was tried").isEqualTo(1);
        assertThat(setCookie(callback, "portcullis")).isEmpty();
        assertThat(setCookie(callback, "portcullis-login")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
    }

    @Test
    void anApiCallerAtTheCallbackWhenTheTokenEndpointIsDownGetsJson() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, login("oidc"), "alice", "{}");
        FAULTY.down("oidc", TOKEN);

        HttpResponse<String> callback = browser.getJson(location(toCallback));

        assertThat(callback.statusCode()).isEqualTo(502);
        assertThat(json(callback)).isEqualTo(Json.createObjectBuilder().add("error", "provider_unavailable")
                .add("message", "The sign-in provider could not be reached. Please try again in a moment.").build());
    }

    @Test
    @Timeout(60)
    void aTokenEndpointSlowerThanTheTimeoutGetsA504PageAndTheRequestIsReleased() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, login("oidc"), "alice", "{}");
        FAULTY.slow("oidc", TOKEN, TIMEOUT.multipliedBy(4));

        HttpResponse<String> callback = browser.follow(toCallback);

        assertProviderFailurePage(callback, 504, "The sign-in provider did not answer in time. Please try again.");
        assertThat(new Browser().getJson(SERVICE.url("/health/live")).statusCode()).as("the service still answers").isEqualTo(200);
    }

    /** What a broken token endpoint may answer instead of a token response. */
    enum Garbage {
        HTML_PAGE(200, "text/html", "<html><body><h1>Maintenance</h1><p>" + BODY_MARKER + "</p></body></html>"),
        TRUNCATED_JSON(200, "application/json", "{\"access_token\":\"" + BODY_MARKER),
        JSON_WITHOUT_TOKENS(200, "application/json", "{\"message\":\"" + BODY_MARKER + "\"}"),
        EMPTY_BODY(200, "application/json", ""),
        SERVER_ERROR(500, "text/html", "<h1>500</h1><pre>java.lang.NullPointerException: " + BODY_MARKER + "\n\tat com.idp.Token.issue</pre>"),
        SERVER_ERROR_AS_OAUTH_ERROR(500, "application/json", "{\"error\":\"server_error\",\"error_description\":\"" + BODY_MARKER + "\"}");

        final int status;
        final String contentType;
        final String body;

        Garbage(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }
    }

    @ParameterizedTest
    @EnumSource(Garbage.class)
    void aTokenEndpointAnsweringGarbageGetsAClean502WithNothingOfItsBody(Garbage garbage) {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, login("oidc"), "alice", "{}");
        FAULTY.answers("oidc", TOKEN, garbage.status, garbage.contentType, garbage.body);

        HttpResponse<String> page;
        HttpResponse<String> api;
        List<String> logs;
        try (LogCapture capture = LogCapture.start()) {
            page = browser.follow(toCallback);
            Browser apiCaller = new Browser();
            HttpResponse<String> apiToCallback = SignIn.atProvider(apiCaller, login("oidc"), "alice", "{}");
            api = apiCaller.getJson(location(apiToCallback));
            logs = capture.lines();
        }

        assertProviderFailurePage(page, 502, "The sign-in provider could not be reached. Please try again in a moment.");
        assertThat(api.statusCode()).isEqualTo(502);
        assertThat(json(api).getString("error")).isEqualTo("provider_unavailable");
        assertThat(api.body()).doesNotContain(BODY_MARKER, "Exception");
        assertThat(FAULTY.requests("oidc", TOKEN)).isEqualTo(2);
        assertThat(logs).as("the refusal is logged").anySatisfy(line -> assertThat(line).contains("reason=PROVIDER_BAD_RESPONSE"));
        assertThat(logs).noneSatisfy(line -> assertThat(line).contains(BODY_MARKER));
        assertThat(logs.stream().filter(line -> line.startsWith("dev.portcullis.") || line.contains(" WARNING ") || line.contains(" SEVERE ")))
                .as("this service's records and every warning or error").noneSatisfy(line -> assertThat(line).contains("\tat "));
    }

    @Test
    void bearerTokensSignedWithFetchedKeysKeepValidatingWhileTheJwksEndpointIsDown() throws JOSEException {
        String token = accessToken(PROVIDER.signingKey("oidc"));
        assertThat(me(token).statusCode()).as("keys fetched").isEqualTo(200);
        FAULTY.down("oidc", JWKS);
        int jwksRequests = FAULTY.requests("oidc", JWKS);

        // a key this service has not seen makes it ask the JWKS endpoint again, which fails
        HttpResponse<String> unknownKey = me(accessToken(new RSAKeyGenerator(2048).keyID("oidc-key-2").generate()));
        HttpResponse<String> known = me(token);

        assertThat(FAULTY.requests("oidc", JWKS)).as("the JWKS endpoint was asked while down").isGreaterThan(jwksRequests);
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(json(known).getString("sub")).isEqualTo("api-client");
        assertThat(json(known).getString("source")).isEqualTo("bearer");
    }

    @Test
    void aProviderWhoseDiscoveryIsDownAtStartUpLeavesTheServiceRunningNotReadyUntilItAnswers() {
        // down since before the service started, which started nonetheless
        HttpResponse<String> notReady = new Browser().getJson(SERVICE.url("/health/ready"));
        HttpResponse<String> live = new Browser().getJson(SERVICE.url("/health/live"));
        HttpResponse<String> health = new Browser().getJson(SERVICE.url("/health"));
        HttpResponse<String> loginPage = new Browser().get(login("cognito"));
        HttpResponse<String> loginApi = new Browser().getJson(login("cognito"));

        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(json(notReady)).isEqualTo(Json.createObjectBuilder().add("status", "DOWN")
                .add("checks", Json.createArrayBuilder().add(readiness("UP", "DOWN"))).build());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live).getString("status")).isEqualTo("UP");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).getString("status")).isEqualTo("DOWN");
        assertProviderFailurePage(loginPage, 502, "The sign-in provider could not be reached. Please try again in a moment.");
        assertThat(setCookie(loginPage, "portcullis-login")).as("no login started").isEmpty();
        assertThat(loginApi.statusCode()).isEqualTo(502);
        assertThat(json(loginApi).getString("error")).isEqualTo("provider_unavailable");

        FAULTY.heal("cognito");
        HttpResponse<String> ready = new Browser().getJson(SERVICE.url("/health/ready"));
        Browser browser = new Browser();
        HttpResponse<String> signedIn = SignIn.complete(browser, SERVICE.url("/auth/login?provider=cognito&return_to=/api/me"), "alice", "{}");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready)).isEqualTo(Json.createObjectBuilder().add("status", "UP")
                .add("checks", Json.createArrayBuilder().add(readiness("UP", "UP"))).build());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(location(signedIn)).isEqualTo(SERVICE.url("/api/me"));
        assertThat(browser.getJson(SERVICE.url("/api/me")).statusCode()).isEqualTo(200);
    }

    static URI login(String provider) {
        return SERVICE.url("/auth/login?provider=" + provider + "&return_to=/");
    }

    static JsonObject readiness(String oidc, String cognito) {
        return Json.createObjectBuilder().add("name", "portcullis-providers").add("status", oidc.equals("UP") && cognito.equals("UP") ? "UP" : "DOWN")
                .add("data", Json.createObjectBuilder().add("oidc", oidc).add("cognito", cognito)).build();
    }

    static void assertProviderFailurePage(HttpResponse<String> page, int status, String message) {
        assertThat(page.statusCode()).isEqualTo(status);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<p class=\"message\">" + message + "</p>")
                .contains("<a class=\"button\" id=\"try-again\" href=\"" + SERVICE.baseUrl() + "/\">Try again</a>")
                .doesNotContain(BODY_MARKER, "Exception", "\tat ");
    }

    static HttpResponse<String> me(String accessToken) {
        return new Browser().send(Browser.request(SERVICE.url("/api/me"))
                .header("Accept", "application/json").header("Authorization", "Bearer " + accessToken));
    }

    /** An access token for this service's API from the generic provider (through the proxy), signed with the key given. */
    static String accessToken(RSAKey key) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(FAULTY.issuer("oidc").toString())
                .subject("api-client")
                .audience(EmbeddedProvider.API_AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
