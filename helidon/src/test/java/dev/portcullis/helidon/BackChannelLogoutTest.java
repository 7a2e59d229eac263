package dev.portcullis.helidon;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions that end everywhere, on one server with {@code auth.revocation.store=memory}: a copy of a session cookie taken
 * before logout is refused after it, and OpenID Connect Back-Channel Logout from the embedded provider (a logout token
 * signed with its key) ends the sessions it names; every malformed logout token gets 400 {@code invalid_request}.
 */
@HelidonTest
class BackChannelLogoutTest {

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.builder().providers("oidc")
            .setting("auth.revocation.store", "memory")
            .build();
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aCopyOfTheCookieTakenBeforeLogoutIsRefusedAfterIt() {
        Browser browser = new Browser();
        SignIn.complete(browser, OIDC.url("/auth/login"), "alice", "{\"groups\":[\"staff\"]}");
        Browser copy = new Browser();
        browser.cookies().forEach(copy::setCookie);
        assertThat(copy.send(Browser.request(OIDC.url("/things")).header("Accept", "text/plain").GET()).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = browser.submit(OIDC.url("/auth/logout"), Map.of(), OIDC.baseUrl().toString());

        assertThat(logout.statusCode()).isEqualTo(303);
        HttpResponse<String> replayed = copy.send(Browser.request(OIDC.url("/things")).header("Accept", "text/plain").GET());
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("portcullis=;"));
    }

    @Test
    void aValidLogoutTokenWithTheSidEndsThatSessionAndNoOther() {
        Browser ended = signedIn("bob", "sid-bob-1");
        Browser other = signedIn("bob", "sid-bob-2");

        HttpResponse<String> answer = post(logoutToken(c -> c.claim("sid", "sid-bob-1")));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(things(ended)).isEqualTo(401);
        assertThat(things(other)).isEqualTo(200);
    }

    @Test
    void aLogoutTokenWithTheSubOnlyEndsEverySessionOfThatUserBegunBeforeIt() {
        Browser first = signedIn("carol", "sid-carol-1");
        Browser second = signedIn("carol", "sid-carol-2");

        assertThat(post(logoutToken(c -> c.subject("carol"))).statusCode()).isEqualTo(200);

        assertThat(things(first)).isEqualTo(401);
        assertThat(things(second)).isEqualTo(401);
    }

    @Test
    void aReplayedLogoutTokenIsRefused() {
        String token = logoutToken(c -> c.claim("sid", "sid-replay"));

        assertThat(post(token).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = post(token);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"the logout token is not valid here\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong aud", "wrong iss", "nonce", "no events", "neither sid nor sub", "expired", "typ JWT", "no jti",
            "no iat", "signed by another key"})
    void aLogoutTokenThatBreaksARuleIsRefusedWith400(String broken) throws Exception {
        String token = switch (broken) {
            case "wrong aud" -> logoutToken(c -> c.claim("sid", "s").audience("another-client"));
            case "wrong iss" -> logoutToken(c -> c.claim("sid", "s").issuer(OIDC.provider().base() + "/elsewhere"));
            case "nonce" -> logoutToken(c -> c.claim("sid", "s").claim("nonce", "n-1"));
            case "no events" -> logoutToken(c -> c.claim("sid", "s").claim("events", null));
            case "neither sid nor sub" -> logoutToken(c -> c);
            case "expired" -> logoutToken(c -> c.claim("sid", "s").expirationTime(Date.from(Instant.now().minusSeconds(600)))
                    .issueTime(Date.from(Instant.now().minusSeconds(900))));
            case "typ JWT" -> sign(OIDC.provider().signingKey("oidc"), JOSEObjectType.JWT, claims(c -> c.claim("sid", "s")));
            case "no jti" -> logoutToken(c -> c.claim("sid", "s").jwtID(null));
            case "no iat" -> logoutToken(c -> c.claim("sid", "s").issueTime(null));
            default -> sign(new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(OIDC.provider().signingKey("oidc").getKeyID())
                    .generate(), new JOSEObjectType("logout+jwt"), claims(c -> c.claim("sid", "s")));
        };

        HttpResponse<String> answer = post(token);

        assertThat(answer.statusCode()).as(broken).isEqualTo(400);
        assertThat(answer.body()).startsWith("{\"error\":\"invalid_request\"");
    }

    @Test
    void aRequestThatIsNotALogoutFormIsRefusedWith400Or415AndAGetWith405() throws Exception {
        HttpResponse<String> empty = HTTP.send(HttpRequest.newBuilder(OIDC.url("/auth/backchannel-logout"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(OIDC.url("/auth/backchannel-logout"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = Http.get(OIDC.url("/auth/backchannel-logout"), "Accept", "application/json");

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(get.statusCode()).isEqualTo(405);
    }

    private static Browser signedIn(String user, String sid) {
        Browser browser = new Browser();
        SignIn.complete(browser, OIDC.url("/auth/login"), user, "{\"groups\":[\"staff\"],\"sid\":\"" + sid + "\"}");
        assertThat(things(browser)).isEqualTo(200);
        return browser;
    }

    private static int things(Browser browser) {
        return browser.send(Browser.request(OIDC.url("/things")).header("Accept", "text/plain").GET()).statusCode();
    }

    private static HttpResponse<String> post(String token) {
        try {
            // from the provider's server: no cookie, no Origin
            return HTTP.send(HttpRequest.newBuilder(OIDC.url("/auth/backchannel-logout"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String logoutToken(UnaryOperator<JWTClaimsSet.Builder> shape) {
        return sign(OIDC.provider().signingKey("oidc"), new JOSEObjectType("logout+jwt"), claims(shape));
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> shape) {
        Instant now = Instant.now();
        return shape.apply(new JWTClaimsSet.Builder()
                .issuer(OIDC.provider().oidcIssuer().toString())
                .audience(EmbeddedProvider.CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString())
                .claim("events", Map.of(EVENT, Map.of()))).build();
    }

    private static String sign(RSAKey key, JOSEObjectType type, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
