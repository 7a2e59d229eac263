package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.HMAC;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterAll;
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
 * The ID token checks of the OpenID Foundation's {@code oidcc-client} test plans, over HTTP through a whole sign-in:
 * the user signs in at the embedded provider, which issues its tokens as usual, and its token response then carries a
 * crafted ID token instead of its own (the access and refresh tokens stay the provider's). Each crafted token differs
 * from the provider's in one way; a token re-signed unchanged signs in, so a refusal is that one difference's doing.
 * <p>
 * A refused sign-in is a 400 page (JSON for an API caller) with no stack trace, the login-state cookie deleted, no
 * session cookie, and one log line naming the reason and the claim; the crafted token, the code and the cookies
 * appear in no answer and no log record.
 * <p>
 * <b>A token without {@code kid} while the JWKS holds several keys</b>: every key of the provider's JWKS that fits the
 * token's algorithm is tried, and the token is accepted when one of them verifies its signature (as
 * {@code TokenVerifier} documents; Nimbus's key selector matches on {@code kid} only when the token names one). The
 * keys are the provider's own, so trying them all accepts nothing the provider did not sign; refusing instead would
 * break sign-in at providers that omit {@code kid} as soon as they publish a second key. The provider here lists a key
 * it does not sign with ahead of its signing key, so a sign-in works only if more than the first key is tried.
 * <p>
 * Key rotation: the provider starts signing with a key it never published. The cached JWKS does not know the token's
 * {@code kid}, so it is fetched again, once, and sign-in works; later sign-ins use the new cached copy.
 */
@HelidonTest
class IdTokenAttackTest {

    static final LogCapture LOGS = LogCapture.start();

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "auth0")
            .options(EmbeddedProvider.Options.defaults().withNextKeyPublished())
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    static final String ORIGIN = SERVICE.baseUrl().toString();

    @AfterAll
    static void stop() {
        LOGS.close();
    }

    @BeforeEach
    void forgetRequests() {
        PROVIDER.clearRequests();
    }

    /** One sign-in whose token response carried a rewritten ID token. */
    record Attempt(Browser browser, HttpResponse<String> callback, String code, String issued, String sent, List<String> log) {
    }

    @Test
    void theProvidersClaimsResignedWithItsKeySignIn() {
        Attempt attempt = signIn("oidc", resigned("oidc", claims -> claims), false);

        assertSignedIn(attempt);
        HttpResponse<String> me = attempt.browser().getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo("alice");
    }

    @Test
    void anUnsignedIdTokenIsRefused() {
        Attempt attempt = signIn("oidc", issued -> new PlainJWT(claimsOf(issued)).serialize(), false);

        assertRefused(attempt, "TOKEN_INVALID", "alg");
        assertThat(attempt.sent()).startsWith("eyJhbGciOiJub25lIn0.");
    }

    @Test
    void anIdTokenSignedByAnotherKeyUnderTheProvidersKidIsRefused() {
        RSAKey attacker = newKey(PROVIDER.signingKey("oidc").getKeyID());

        Attempt attempt = signIn("oidc", issued -> sign(attacker, JWSAlgorithm.RS256, attacker.getKeyID(), claimsOf(issued)), false);

        assertRefused(attempt, "TOKEN_INVALID", "-");
    }

    @Test
    void theProvidersIdTokenWithAnAlteredPayloadIsRefused() {
        Attempt attempt = signIn("oidc", issued -> {
            Base64URL[] parts = parse(issued).getParsedParts();
            JWTClaimsSet admin = new JWTClaimsSet.Builder(claimsOf(issued)).subject("admin").build();
            return parts[0] + "." + Base64URL.encode(admin.toString()) + "." + parts[2];
        }, false);

        assertRefused(attempt, "TOKEN_INVALID", "-");
    }

    @Test
    void hs256SignedWithTheClientSecretIsRefused() {
        byte[] clientSecret = EmbeddedProvider.CLIENT_SECRET.getBytes(StandardCharsets.UTF_8);

        Attempt attempt = signIn("oidc", issued -> hmacSigned(clientSecret, null, claimsOf(issued)), false);

        assertRefused(attempt, "TOKEN_INVALID", "-");
    }

    @Test
    void hs256SignedWithTheProvidersPublicKeyIsRefused() {
        RSAKey key = PROVIDER.signingKey("oidc");
        byte[] publicKey = publicKey(key);

        Attempt attempt = signIn("oidc", issued -> hmacSigned(publicKey, key.getKeyID(), claimsOf(issued)), false);

        assertRefused(attempt, "TOKEN_INVALID", "-");
    }

    static Stream<Arguments> forgedClaims() {
        String client = EmbeddedProvider.CLIENT_ID;
        Instant now = Instant.now();
        return Stream.of(
                forged("iss of another issuer", "iss", c -> c.issuer("https://evil.example")),
                forged("iss with a trailing slash", "iss", c -> c.issuer(PROVIDER.oidcIssuer() + "/")),
                forged("iss of another enabled provider", "iss", c -> c.issuer(PROVIDER.auth0Issuer().toString())),
                forged("aud missing", "aud", c -> c.audience((String) null)),
                forged("aud of another client", "aud", c -> c.audience("another-client")),
                forged("several aud without azp", "aud", c -> c.audience(List.of(client, "https://other.example"))),
                forged("several aud with azp of another client", "aud",
                        c -> c.audience(List.of(client, "another-client")).claim("azp", "another-client")),
                forged("azp of another client", "azp", c -> c.claim("azp", "another-client")),
                forged("sub missing", "sub", c -> c.subject(null)),
                forged("iat missing", "iat", c -> c.issueTime(null)),
                forged("exp missing", "exp", c -> c.expirationTime(null)),
                forged("nonce missing", "nonce", c -> c.claim("nonce", null)),
                forged("nonce of another login", "nonce", c -> c.claim("nonce", "a2xG6pD0c8pQk1aV4ZJp7b3yT9eW5rU2iO6nL8mK0sA")),
                forged("exp past the clock skew", "exp", c -> c.issueTime(Date.from(now.minusSeconds(3600)))
                        .expirationTime(Date.from(now.minusSeconds(120)))),
                forged("iat in the future", "iat", c -> c.issueTime(Date.from(now.plusSeconds(600)))
                        .expirationTime(Date.from(now.plusSeconds(4200)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedClaims")
    void anIdTokenWithOneForgedClaimIsRefused(String attack, String claim, UnaryOperator<JWTClaimsSet.Builder> forge) {
        Attempt attempt = signIn("oidc", resigned("oidc", forge), false);

        assertRefused(attempt, claim.equals("exp") && attack.contains("skew") ? "TOKEN_EXPIRED" : "TOKEN_INVALID", claim);
    }

    @Test
    void auth0sIssuerWithoutItsTrailingSlashIsRefused() {
        String withoutSlash = PROVIDER.auth0Issuer().toString().replaceAll("/$", "");

        Attempt attempt = signIn("auth0", resigned("auth0", c -> c.issuer(withoutSlash)), false);

        assertRefused(attempt, "TOKEN_INVALID", "iss");
        assertThat(claimsOf(attempt.issued()).getIssuer()).isEqualTo(PROVIDER.auth0Issuer().toString());
    }

    @Test
    void aTokenResponseWithoutAnIdTokenIsRefused() {
        Attempt attempt = signIn("oidc", issued -> null, false);

        assertRefused(attempt, "TOKEN_INVALID", "-");
    }

    @Test
    void withoutKidEveryKeyOfTheJwksIsTriedSoTheProvidersSignatureVerifies() {
        RSAKey key = PROVIDER.signingKey("oidc");

        Attempt attempt = signIn("oidc", issued -> sign(key, JWSAlgorithm.RS256, null, claimsOf(issued)), false);

        assertSignedIn(attempt);
        assertThat(oidcJwksKids()).hasSizeGreaterThanOrEqualTo(2).last().isEqualTo(key.getKeyID());
    }

    @Test
    void withoutKidASignatureByNoKeyOfTheJwksIsRefused() {
        RSAKey attacker = newKey("attacker");

        Attempt attempt = signIn("oidc", issued -> sign(attacker, JWSAlgorithm.RS256, null, claimsOf(issued)), false);

        assertRefused(attempt, "TOKEN_INVALID", "-");
    }

    @Test
    void afterTheProviderRotatesItsSigningKeyTheJwksIsFetchedOnceAndSignInWorks() {
        assertSignedIn(signIn("oidc", issued -> issued, false));
        PROVIDER.clearRequests();

        RSAKey rotated = PROVIDER.rotateSigningKey("oidc");
        Attempt first = signIn("oidc", issued -> issued, false);
        Attempt second = signIn("oidc", issued -> issued, false);

        assertThat(parse(first.issued()).getHeader().getKeyID()).isEqualTo(rotated.getKeyID());
        assertSignedIn(first);
        assertSignedIn(second);
        assertThat(PROVIDER.requests()).filteredOn(r -> r.getUrl().encodedPath().equals("/oidc/jwks")).hasSize(1);
    }

    @Test
    void aRefusedSignInAnswersAnApiCallerWithJson() {
        Attempt attempt = signIn("oidc", resigned("oidc", c -> c.audience("another-client")), true);

        assertThat(attempt.callback().statusCode()).isEqualTo(400);
        assertThat(attempt.callback().headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(attempt.callback()).getString("error")).isEqualTo("login_failed");
        assertNoSessionAndNothingSecret(attempt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "iss"})
    void aRefreshedIdTokenNamingAnotherUserOrIssuerEndsTheSession(String claim) {
        Browser browser = new Browser();
        assertThat(SignIn.complete(browser, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}").statusCode()).isEqualTo(302);
        Map<String, String> session = browser.cookies();
        PROVIDER.rewriteNextIdToken("oidc", resigned("oidc", c -> claim.equals("sub")
                ? c.subject("mallory")
                : c.issuer(PROVIDER.auth0Issuer().toString())));

        HttpResponse<String> refresh = browser.send(Browser.request(SERVICE.url("/auth/refresh"))
                .header("Accept", "application/json")
                .header("Origin", ORIGIN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")));

        assertThat(PROVIDER.tokenRequests()).last().satisfies(r ->
                assertThat(r.getFormParameters().get("grant_type")).isEqualTo("refresh_token"));
        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(401);
        assertThat(json(refresh).getString("error")).isEqualTo("session_ended");
        assertThat(setCookie(refresh, "portcullis")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(browser.cookies()).doesNotContainKey("portcullis");
        assertThat(browser.getJson(SERVICE.url("/api/me")).statusCode()).isEqualTo(401);
        assertThat(browser.get(SERVICE.url("/api/me")).statusCode()).isEqualTo(302);
        assertThat(LOGS.lines()).noneSatisfy(line -> assertThat(line).contains(session.get("portcullis")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "iss"})
    void aProactiveRefreshWhoseIdTokenNamesAnotherUserOrIssuerEndsTheSessionAtOnce(String claim) {
        // the guard refreshes a session whose access token expires within a minute, before serving the request
        String refreshToken = (String) PROVIDER.tokensFor("oidc", "alice", "{}").get("refresh_token");
        Browser browser = new Browser();
        browser.setCookie("portcullis", SealedSessions.oidcSession(PROVIDER, ORIGIN, SERVICE.sessionSecret(),
                Instant.now().plusSeconds(30), refreshToken));
        PROVIDER.clearRequests();
        PROVIDER.rewriteNextIdToken("oidc", resigned("oidc", c -> claim.equals("sub")
                ? c.subject("mallory")
                : c.issuer(PROVIDER.auth0Issuer().toString())));

        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));

        assertThat(PROVIDER.tokenRequests()).singleElement().satisfies(r ->
                assertThat(r.getFormParameters().get("refresh_token")).isEqualTo(refreshToken));
        // the session's access token is still valid, but the provider now vouches for someone else
        assertThat(me.statusCode()).as(me.body()).isEqualTo(401);
        assertThat(me.body()).doesNotContain("mallory", "alice");
        assertThat(setCookie(me, "portcullis")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(browser.cookies()).doesNotContainKey("portcullis");
    }

    // ---- the sign-in

    /**
     * Signs in as alice; the provider's token response carries {@code craft}'s ID token.
     *
     * @param asApi whether the callback is requested as an API caller would ({@code Accept: application/json})
     */
    private static Attempt signIn(String tenant, UnaryOperator<String> craft, boolean asApi) {
        int logged = LOGS.lines().size();
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login?provider=" + tenant), "alice", "{}");
        AtomicReference<String> issued = new AtomicReference<>();
        AtomicReference<String> sent = new AtomicReference<>();
        PROVIDER.rewriteNextIdToken(tenant, idToken -> {
            issued.set(idToken);
            sent.set(craft.apply(idToken));
            return sent.get();
        });
        HttpResponse<String> callback = asApi ? browser.getJson(location(toCallback)) : browser.follow(toCallback);
        List<String> log = LOGS.lines();
        return new Attempt(browser, callback, SignIn.query(toCallback).get("code"), issued.get(), sent.get(),
                new ArrayList<>(log.subList(logged, log.size())));
    }

    private static void assertSignedIn(Attempt attempt) {
        assertThat(attempt.issued()).as("the provider issued an ID token").isNotNull();
        assertThat(attempt.callback().statusCode()).as(attempt.callback().body()).isEqualTo(302);
        assertThat(location(attempt.callback())).isEqualTo(SERVICE.url("/"));
        assertThat(attempt.browser().cookies()).containsKey("portcullis").doesNotContainKey("portcullis-login");
    }

    private static void assertRefused(Attempt attempt, String reason, String claim) {
        HttpResponse<String> callback = attempt.callback();
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(400);
        assertThat(callback.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(callback.body()).contains("Sign-in failed", "Try again").doesNotContain("Exception", "\tat ", "dev.portcullis");
        assertNoSessionAndNothingSecret(attempt);
        assertThat(attempt.log()).filteredOn(line -> line.startsWith("dev.portcullis.auth.events"))
                .anySatisfy(line -> assertThat(line).contains("login failed: provider=" + tenantOf(attempt) + " sub=- reason=" + reason
                        + " claim=" + claim));
    }

    private static void assertNoSessionAndNothingSecret(Attempt attempt) {
        HttpResponse<String> callback = attempt.callback();
        assertThat(PROVIDER.tokenRequests()).hasSize(1);
        assertThat(attempt.sent()).as("the provider's token response was rewritten").isNotEqualTo(attempt.issued());
        assertThat(setCookie(callback, "portcullis-login")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(setCookies(callback)).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(attempt.browser().cookies()).doesNotContainKeys("portcullis", "portcullis-login");
        List<String> secrets = new ArrayList<>(List.of(attempt.issued(), payloadOf(attempt.issued()), attempt.code(),
                EmbeddedProvider.CLIENT_SECRET));
        if (attempt.sent() != null) {
            secrets.addAll(List.of(attempt.sent(), payloadOf(attempt.sent())));
        }
        for (String secret : secrets) {
            assertThat(callback.body()).doesNotContain(secret);
            assertThat(attempt.log()).noneSatisfy(line -> assertThat(line).contains(secret));
        }
    }

    private static String tenantOf(Attempt attempt) {
        return claimsOf(attempt.issued()).getIssuer().equals(PROVIDER.auth0Issuer().toString()) ? "auth0" : "oidc";
    }

    // ---- crafting tokens

    private static Arguments forged(String attack, String claim, UnaryOperator<JWTClaimsSet.Builder> forge) {
        return Arguments.of(attack, claim, forge);
    }

    /** The provider's claims, changed, signed with its current key under its {@code kid}: only the change is wrong. */
    private static UnaryOperator<String> resigned(String tenant, UnaryOperator<JWTClaimsSet.Builder> change) {
        return issued -> {
            RSAKey key = PROVIDER.signingKey(tenant);
            return sign(key, JWSAlgorithm.RS256, key.getKeyID(), change.apply(new JWTClaimsSet.Builder(claimsOf(issued))).build());
        };
    }

    private static String sign(RSAKey key, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /**
     * An HS256 token with any secret: Nimbus's {@code MACSigner} wants at least 256 bits, which an attacker's secret
     * (a short client secret) need not have, so the MAC is computed with Nimbus's HMAC primitive.
     */
    private static String hmacSigned(byte[] secret, String kid, JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(kid).build();
        Base64URL payload = Base64URL.encode(claims.toString());
        String signingInput = header.toBase64URL() + "." + payload;
        try {
            byte[] mac = HMAC.compute("HmacSHA256", secret, signingInput.getBytes(StandardCharsets.US_ASCII), null);
            return new SignedJWT(header.toBase64URL(), payload, Base64URL.encode(mac)).serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as an HMAC secret would be taken from it: its X.509 encoding, as a PEM file holds it. */
    private static byte[] publicKey(RSAKey key) {
        try {
            return key.toRSAPublicKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claimsOf(String token) {
        try {
            return com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String payloadOf(String token) {
        return token.split("\\.")[1];
    }

    /** The key ids the generic tenant's JWKS lists, in its order. */
    private static List<String> oidcJwksKids() {
        HttpResponse<String> jwks = new Browser().getJson(URI.create(PROVIDER.oidcIssuer() + "/jwks"));
        return json(jwks).getJsonArray("keys").getValuesAs(jakarta.json.JsonObject.class).stream()
                .map(k -> k.getString("kid")).toList();
    }
}
