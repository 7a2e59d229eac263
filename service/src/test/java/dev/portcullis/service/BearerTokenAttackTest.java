package dev.portcullis.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.BigIntegerUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer-token attacks over real HTTP against the running service, with Auth0, Cognito and a generic provider
 * enabled at once. Every refusal is the same: 401, a {@code WWW-Authenticate: Bearer} challenge, the same bland
 * JSON body for every token failure, no stack trace, no cookie, and no token in any log record (every record of
 * the run is captured at every level). Tokens are minted here with the embedded provider's own signing keys, so
 * each one differs from an accepted token only by its defect (the accepted ones are tested too), or with keys an
 * attacker generates.
 */
@HelidonTest
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BearerTokenAttackTest {

    static final LogCapture LOGS = LogCapture.start();

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "auth0", "cognito").build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    /** The generic tenant signs with an EC key too, so ECDSA signatures meet a real EC key from its JWKS. */
    static final ECKey OIDC_EC_KEY = generateEcKey("oidc-ec-key-1");
    /** Serves an attacker's keys on loopback for {@code jku} and {@code x5u}; it must never be asked. */
    static final AttackerKeyHost ATTACKER_HOST;

    static {
        // before the service starts, so the first JWKS it reads has the EC key
        PROVIDER.publishKey("oidc", OIDC_EC_KEY);
        ATTACKER_HOST = AttackerKeyHost.start();
    }

    /** The one body of every refused bearer token (and of a request without credentials). */
    static final String BLAND = "{\"error\":\"unauthorized\"}";
    static final String NO_CREDENTIALS = "Bearer";
    static final String INVALID_REQUEST = "Bearer error=\"invalid_request\"";
    static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    /** Anything base64url-encoded JSON (a JOSE header or claims set) in a log line means a token was logged. */
    static final Pattern JOSE_SEGMENT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}");
    static final Pattern BASE64URL_RUN = Pattern.compile("[A-Za-z0-9_-]{12,}");

    /** The tenants and their claim shapes. */
    static final Map<String, String> GROUPS_CLAIM = Map.of(
            "oidc", "groups",
            "auth0", EmbeddedProvider.AUTH0_ROLES_CLAIM,
            "cognito", "cognito:groups");

    /** Every token and header value a test sent, to search the logs for. */
    private final List<String> sent = new ArrayList<>();
    private int logMark;

    @AfterAll
    static void stop() {
        ATTACKER_HOST.close();
        LOGS.close();
    }

    @BeforeEach
    void markLogs() {
        logMark = LOGS.lines().size();
    }

    @AfterEach
    void nothingSentReachedTheLogs() {
        List<String> lines = LOGS.lines();
        List<String> added = lines.subList(Math.min(logMark, lines.size()), lines.size());
        Set<String> runs = new HashSet<>();
        for (String line : added) {
            assertThat(line).as("a token in a log line").doesNotContainPattern(JOSE_SEGMENT);
            // bad input is the caller's problem, not an incident: at most one INFO line per refusal
            assertThat(line).as("a warning or error logged for bad input").doesNotContain(" SEVERE ", " WARNING ");
            Matcher run = BASE64URL_RUN.matcher(line);
            while (run.find()) {
                runs.add(run.group());
            }
        }
        String everything = sent.size() <= 50 ? String.join("\n", added) : null;
        for (String value : sent) {
            for (String segment : value.split("[.\\s]")) {
                if (segment.length() >= 12) {
                    assertThat(runs).as("a token segment in the logs").doesNotContain(segment);
                    if (everything != null) {
                        assertThat(everything).as("a token segment in the logs").doesNotContain(segment);
                    }
                }
            }
        }
    }

    // --- the Authorization header itself -------------------------------------------------------------------

    @Test
    void theLogCaptureSeesTheServicesRefusalLines() {
        // the checks after each test look for tokens in the captured lines: they would pass on an empty capture
        int before = LOGS.lines().size();

        assertRefused(call("/api/me", "Bearer not-a-token"), INVALID_TOKEN);

        List<String> lines = LOGS.lines();
        assertThat(lines.subList(before, lines.size()))
                .anySatisfy(line -> assertThat(line).contains("bearer refused: provider=- sub=- reason=TOKEN_INVALID"));
    }

    @Test
    void noAuthorizationHeaderGetsABearerChallenge() {
        assertRefused(call("/api/me"), NO_CREDENTIALS);
        assertRefused(call("/api/admin"), NO_CREDENTIALS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "Bearer", "Bearer    ", "bearer "})
    void aBearerHeaderWithoutATokenIsAMalformedRequest(String header) {
        assertRefusedEverywhere(INVALID_REQUEST, header);
    }

    @Test
    void twoAuthorizationHeadersAreAMalformedRequestWhateverTheyHold() {
        String valid = mint("oidc", c -> { });
        String otherValid = mint("oidc", c -> c.subject("bob"));
        assertThat(call("/api/me", "Bearer " + valid).statusCode()).as("each alone is accepted").isEqualTo(200);
        assertThat(call("/api/me", "Bearer " + otherValid).statusCode()).as("each alone is accepted").isEqualTo(200);

        assertRefusedEverywhere(INVALID_REQUEST, "Bearer " + valid, "Bearer junk");
        assertRefusedEverywhere(INVALID_REQUEST, "Bearer junk", "Bearer " + valid);
        assertRefusedEverywhere(INVALID_REQUEST, "Bearer " + valid, "Bearer " + otherValid);
        assertRefusedEverywhere(INVALID_REQUEST, "Bearer " + valid, "Bearer " + valid);
    }

    @Test
    void aTokenInTheQueryStringDoesNotAuthenticate() {
        String valid = mint("oidc", c -> c.claim("groups", List.of("admin")));
        String query = "?" + Browser.formBody(Map.of("access_token", valid));
        assertThat(call("/api/admin", "Bearer " + valid).statusCode()).as("the same token in the header").isEqualTo(200);

        assertRefused(call("/api/me" + query), NO_CREDENTIALS);
        assertRefused(call("/api/admin" + query), NO_CREDENTIALS);
    }

    // --- the JOSE header ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"alg\":\"None\",\"typ\":\"JWT\"}", "{\"typ\":\"JWT\"}"})
    void unsignedTokensAreRefused(String header) {
        String payload = claimsJson("oidc", Map.of());
        String validSignature = mint("oidc", c -> { }).split("\\.")[2];

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + b64(header) + "." + b64(payload) + ".");
        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + b64(header) + "." + b64(payload) + "." + validSignature);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PEM", "DER"})
    void hmacSignedWithTheProvidersPublicKeyIsRefused(String encoding) throws JOSEException {
        byte[] der = PROVIDER.signingKey("oidc").toRSAPublicKey().getEncoded();
        byte[] secret = encoding.equals("DER") ? der
                : ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                        + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);

        String token = sign(new MACSigner(secret), new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(PROVIDER.signingKey("oidc").getKeyID()).type(JOSEObjectType.JWT).build(), claims("oidc").build());

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + token);
    }

    @Test
    void aKeyEmbeddedInTheTokenIsNotTrusted() throws JOSEException {
        RSAKey attacker = generateRsaKey("attacker-key");
        for (String kid : new String[] {attacker.getKeyID(), PROVIDER.signingKey("oidc").getKeyID(), null}) {
            String token = sign(new RSASSASigner(attacker), new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(kid).jwk(attacker.toPublicJWK()).type(JOSEObjectType.JWT).build(), claims("oidc").build());

            assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + token);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u"})
    void keyUrlsInTheTokenAreNeverFetched(String header) throws JOSEException {
        RSAKey attacker = ATTACKER_HOST.key();
        JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID()).type(JOSEObjectType.JWT);
        if (header.equals("jku")) {
            builder.jwkURL(ATTACKER_HOST.uri());
        } else {
            builder.x509CertURL(ATTACKER_HOST.uri());
        }
        String token = sign(new RSASSASigner(attacker), builder.build(), claims("oidc").build());
        int before = ATTACKER_HOST.requests();

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + token);
        assertThat(ATTACKER_HOST.requests()).as("requests to the token's " + header).isEqualTo(before).isZero();
    }

    static Stream<Arguments> oddKeyIds() {
        return Stream.of(
                Arguments.of("a path", "\"../../dev/null\""),
                Arguments.of("SQL", "\"' OR '1'='1'; DROP TABLE keys; --\""),
                Arguments.of("10 KB", "\"" + "k".repeat(10 * 1024) + "\""),
                Arguments.of("a number", "42"),
                Arguments.of("null", "null"));
    }

    @ParameterizedTest(name = "kid as {0}")
    @MethodSource("oddKeyIds")
    void oddKeyIdsPickNoKeyOfTheAttackersChoosing(String what, String kidJson) {
        // a kid that names a file, a query or nothing must not lead to any key but the provider's own
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" + kidJson + "}";
        String payload = claimsJson("oidc", Map.of("groups", List.of("admin")));

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + signRaw(ATTACKER_HOST.key(), header, payload));
    }

    @Test
    void aNullKeyIdIsReadAsNoKeyIdSoOnlyTheProvidersOwnSignaturePasses() {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":null}";
        String payload = claimsJson("oidc", Map.of());
        String genuine = signRaw(PROVIDER.signingKey("oidc"), header, payload);
        sent.add(genuine);

        HttpResponse<String> me = call("/api/me", "Bearer " + genuine);

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo("alice");
    }

    @Test
    void anUnknownCriticalHeaderIsRefused() throws JOSEException {
        RSAKey key = PROVIDER.signingKey("oidc");
        String token = sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).criticalParams(Set.of("x")).customParam("x", "must be understood").build(), claims("oidc").build());

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + token);
    }

    @Test
    void anEncryptedTokenIsRefused() throws JOSEException {
        RSAKey key = PROVIDER.signingKey("oidc");
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims("oidc").claim("groups", List.of("admin")).build());
        jwe.encrypt(new RSAEncrypter(key.toRSAPublicKey()));

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + jwe.serialize());
    }

    @Test
    void aSignedTokenWrappingAnUnsignedOneIsRefused() throws JOSEException {
        RSAKey key = PROVIDER.signingKey("oidc");
        String inner = new PlainJWT(claims("oidc").claim("groups", List.of("admin")).build()).serialize();
        JWSObject outer = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .contentType("JWT").build(), new Payload(inner));
        outer.sign(new RSASSASigner(key));

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + outer.serialize());
    }

    @Test
    void anEs256TokenSignedWithThePublishedEcKeyIsAccepted() throws JOSEException {
        String token = sign(new ECDSASigner(OIDC_EC_KEY), new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(OIDC_EC_KEY.getKeyID()).type(JOSEObjectType.JWT).build(), claims("oidc").build());
        sent.add(token);

        HttpResponse<String> me = call("/api/me", "Bearer " + token);

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"r=s=0", "r=s=n"})
    void psychicEcdsaSignaturesAreRefused(String signature) {
        byte[] half = signature.equals("r=s=0") ? new byte[32]
                : BigIntegerUtils.toBytesUnsigned(Curve.P_256.toECParameterSpec().getOrder());
        assertThat(half).hasSize(32);
        byte[] rs = new byte[64];
        System.arraycopy(half, 0, rs, 0, 32);
        System.arraycopy(half, 0, rs, 32, 32);
        String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + OIDC_EC_KEY.getKeyID() + "\"}";
        String token = b64(header) + "." + b64(claimsJson("oidc", Map.of("groups", List.of("admin")))) + "." + Base64URL.encode(rs);

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + token);
    }

    // --- the claims -----------------------------------------------------------------------------------------

    static Stream<Arguments> malformedClaims() {
        String valid = claimsJson("oidc", Map.of("groups", List.of("admin")));
        Map<String, Object> expString = claimsMap("oidc");
        expString.put("exp", String.valueOf(Instant.now().plusSeconds(600).getEpochSecond()));
        Map<String, Object> expNegative = claimsMap("oidc");
        expNegative.put("exp", -1L);
        Map<String, Object> audObject = claimsMap("oidc");
        audObject.put("aud", Map.of("aud", EmbeddedProvider.API_AUDIENCE));
        Map<String, Object> expHuge = claimsMap("oidc");
        expHuge.put("exp", "EXP");
        return Stream.of(
                Arguments.of("exp as a string", JSONObjectUtils.toJSONString(expString)),
                Arguments.of("exp as 1e309", JSONObjectUtils.toJSONString(expHuge).replace("\"EXP\"", "1e309")),
                Arguments.of("exp negative", JSONObjectUtils.toJSONString(expNegative)),
                Arguments.of("aud as an object", JSONObjectUtils.toJSONString(audObject)),
                Arguments.of("payload a JSON array", "[" + valid + "]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedClaims")
    void malformedClaimsAreRefused(String what, String payload) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + PROVIDER.signingKey("oidc").getKeyID() + "\"}";

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + signRaw(PROVIDER.signingKey("oidc"), header, payload));
    }

    @Test
    void aDeeplyNestedClaimThatFitsTheSizeLimitIsRefused() {
        // 5,000 levels: the deepest nesting that still fits the service's 16 KB token limit, so the JSON parser meets it
        Map<String, Object> claims = claimsMap("oidc");
        claims.put("deep", "DEEP");
        String payload = JSONObjectUtils.toJSONString(claims).replace("\"DEEP\"", "[".repeat(5_000) + "]".repeat(5_000));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + PROVIDER.signingKey("oidc").getKeyID() + "\"}";
        String token = signRaw(PROVIDER.signingKey("oidc"), header, payload);
        assertThat(token.length()).isLessThan(16 * 1024);

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + token);
    }

    @Test
    void oversizedHeadersAreRefusedByTheWebServerWithoutAStackTrace() {
        // 10,000 levels of nesting cannot fit the 16 KB token limit; nor can 64 KB: Helidon's HTTP/1 parser refuses
        // request headers over its size limit (16 KB by default) with a short 400 before any routing or security runs
        Map<String, Object> claims = claimsMap("oidc");
        claims.put("deep", "DEEP");
        String payload = JSONObjectUtils.toJSONString(claims).replace("\"DEEP\"", "[".repeat(10_000) + "]".repeat(10_000));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + PROVIDER.signingKey("oidc").getKeyID() + "\"}";
        String deep = "Bearer " + signRaw(PROVIDER.signingKey("oidc"), header, payload);
        String huge = "Bearer " + "A".repeat(64 * 1024);
        sent.addAll(List.of(deep, huge));

        for (String authorization : List.of(deep, huge)) {
            for (String path : List.of("/api/me", "/api/admin")) {
                HttpResponse<String> response = call(path, authorization);

                // the deep token's headers are over the service's 16 KiB (431); the huge one's over the server's 32 KiB (400)
                assertThat(response.statusCode()).isEqualTo(authorization == deep ? 431 : 400);
                assertThat(response.body()).isEqualTo(authorization == deep
                        ? "{\"error\":\"too_large\",\"message\":\"The request headers are larger than this service reads.\"}"
                        : "{\"error\":\"bad_request\",\"message\":\"The request could not be read.\"}");
                assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
            }
        }
    }

    // --- the provider's rules -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void aMintedTokenWithoutADefectIsAccepted(String tenant) {
        String user = mint(tenant, c -> { });
        String admin = mint(tenant, c -> c.claim(GROUPS_CLAIM.get(tenant), List.of("admin")));

        HttpResponse<String> me = call("/api/me", "Bearer " + user);
        HttpResponse<String> forbidden = call("/api/admin", "Bearer " + user);
        HttpResponse<String> allowed = call("/api/admin", "Bearer " + admin);

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getString("provider")).isEqualTo(tenant);
        assertThat(json(me).getString("source")).isEqualTo("bearer");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(json(allowed).getBoolean("admin")).isTrue();
    }

    @Test
    void aCognitoTokenMarkedAsAnIdTokenIsRefused() {
        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + mint("cognito", c -> c.claim("token_use", "id")));
    }

    @Test
    void aCognitoAccessTokenOfAnotherAppClientIsRefused() {
        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + mint("cognito", c -> c.claim("client_id", "another-app-client")));
    }

    @Test
    void anAuth0IdTokenIsNotABearerToken() {
        String idToken = (String) PROVIDER.tokensFor("auth0", "auth0|mallory", "{\"" + EmbeddedProvider.AUTH0_ROLES_CLAIM
                + "\":[\"admin\"]}").get("id_token");

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + idToken);
    }

    @Test
    void anAuth0AccessTokenForAnotherApiIsRefused() {
        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + mint("auth0", c -> c.audience("https://another-api.example")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void aValidlySignedTokenOfAnotherTenantIsRefused(String tenant) throws JOSEException {
        RSAKey otherTenantsKey = generateRsaKey("other-tenant-key");
        String otherIssuer = switch (tenant) {
            case "auth0" -> PROVIDER.base() + "/other-tenant/";
            case "cognito" -> PROVIDER.base() + "/us-east-1_OtherPool";
            default -> PROVIDER.base() + "/other-realm";
        };
        JWTClaimsSet claims = claims(tenant).issuer(otherIssuer).claim(GROUPS_CLAIM.get(tenant), List.of("admin")).build();

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + sign(new RSASSASigner(otherTenantsKey),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(otherTenantsKey.getKeyID()).type(JOSEObjectType.JWT).build(), claims));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void aTokenNamingTheProvidersKeyButSignedByAnotherIsRefused(String tenant) throws JOSEException {
        RSAKey attacker = generateRsaKey(PROVIDER.signingKey(tenant).getKeyID());

        assertRefusedEverywhere(INVALID_TOKEN, "Bearer " + sign(new RSASSASigner(attacker),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims(tenant).claim(GROUPS_CLAIM.get(tenant), List.of("admin")).build()));
    }

    // --- paths ------------------------------------------------------------------------------------------------

    /**
     * Each spelling of {@code /api/admin} and what it reaches. The guard is bound to the JAX-RS resource method,
     * not to a path pattern, so a spelling either reaches {@code ApiResource.admin()} with its
     * {@code @RolesAllowed("admin")} or reaches no resource at all (404 before any security runs).
     */
    static Stream<Arguments> adminPathVariants() {
        return Stream.of(
                Arguments.of("/api/admin;x", true),
                Arguments.of("/api/admin/", true),
                Arguments.of("//api/admin", false),
                Arguments.of("/api%2fadmin", false),
                Arguments.of("/API/admin", false),
                Arguments.of("/api/Admin", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminPathVariants")
    void aSpellingOfTheAdminPathNeverLetsANonAdminIn(String path, boolean reachesAdmin) {
        String user = mint("oidc", c -> c.claim("groups", List.of("staff")));
        String admin = mint("oidc", c -> c.claim("groups", List.of("admin")));
        HttpResponse<String> canonicalAnonymous = call("/api/admin");
        HttpResponse<String> canonicalUser = call("/api/admin", "Bearer " + user);
        HttpResponse<String> canonicalAdmin = call("/api/admin", "Bearer " + admin);
        assertThat(List.of(canonicalAnonymous.statusCode(), canonicalUser.statusCode(), canonicalAdmin.statusCode()))
                .containsExactly(401, 403, 200);

        HttpResponse<String> anonymous = call(path);
        HttpResponse<String> nonAdmin = call(path, "Bearer " + user);
        HttpResponse<String> asAdmin = call(path, "Bearer " + admin);

        if (reachesAdmin) {
            for (List<HttpResponse<String>> pair : List.of(List.of(anonymous, canonicalAnonymous),
                    List.of(nonAdmin, canonicalUser), List.of(asAdmin, canonicalAdmin))) {
                HttpResponse<String> variant = pair.get(0);
                HttpResponse<String> canonical = pair.get(1);
                assertThat(variant.statusCode()).as(path).isEqualTo(canonical.statusCode());
                assertThat(variant.body()).isEqualTo(canonical.body());
                assertThat(variant.headers().allValues("WWW-Authenticate")).isEqualTo(canonical.headers().allValues("WWW-Authenticate"));
            }
        } else {
            for (HttpResponse<String> response : List.of(anonymous, nonAdmin, asAdmin)) {
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.body()).isEqualTo(anonymous.body()).doesNotContain("alice", "admin\"", "groups");
                assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
            }
        }
    }

    // --- key lookups ----------------------------------------------------------------------------------------

    @Test
    void aThousandRandomKeyIdsFetchTheProvidersKeysAtMostTwicePerCooldown() {
        RSAKey key = PROVIDER.signingKey("oidc");
        Browser client = new Browser();
        PROVIDER.clearRequests();
        Map<String, Integer> answers = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            String token = mint(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(UUID.randomUUID().toString())
                    .type(JOSEObjectType.JWT).build(), claims("oidc").build());
            sent.add(token);
            HttpResponse<String> response = client.send(Browser.request(SERVICE.url("/api/me"))
                    .header("Accept", "application/json").header("Authorization", "Bearer " + token).GET());
            answers.merge(response.statusCode() + " " + response.headers().allValues("WWW-Authenticate") + " " + response.body(), 1, Integer::sum);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long jwksRequests = PROVIDER.requests().stream()
                .filter(r -> r.getMethod().equals("GET") && r.getUrl().encodedPath().equals("/oidc/jwks"))
                .count();

        assertThat(answers).containsExactly(Map.entry("401 [" + INVALID_TOKEN + "] " + BLAND, 1_000));
        // Nimbus's rate limit: two fetches per 30-second window; a window may have opened before the first token
        long windows = elapsed.dividedBy(Duration.ofSeconds(30)) + 2;
        assertThat(jwksRequests).as("JWKS requests in %s", elapsed).isLessThanOrEqualTo(2 * windows);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Sends every bad header to both guarded endpoints and expects the same refusal from each. */
    private void assertRefusedEverywhere(String challenge, String... authorizations) {
        sent.addAll(List.of(authorizations));
        for (String path : List.of("/api/me", "/api/admin")) {
            assertRefused(call(path, authorizations), challenge);
        }
    }

    private static void assertRefused(HttpResponse<String> response, String challenge) {
        HttpResponse<String> noCredentials = call("/api/me");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(challenge);
        assertThat(response.body()).isEqualTo(BLAND).isEqualTo(noCredentials.body());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    /** A GET with {@code Accept: application/json} and one {@code Authorization} header per value. */
    private static HttpResponse<String> call(String path, String... authorizations) {
        HttpRequest.Builder request = Browser.request(SERVICE.url(path)).header("Accept", "application/json").GET();
        for (String authorization : authorizations) {
            request.header("Authorization", authorization);
        }
        return new Browser().send(request);
    }

    /** A tenant's access token as its provider would issue it, signed with its key, changed by {@code change}. */
    private String mint(String tenant, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = claims(tenant);
        change.accept(claims);
        RSAKey key = PROVIDER.signingKey(tenant);
        String token = mint(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims.build());
        sent.add(token);
        return token;
    }

    private static String mint(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            return sign(new RSASSASigner(key), header, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Signs header and payload text as given (which Nimbus's builders would refuse to write) with an RSA key. */
    private static String signRaw(RSAKey key, String headerJson, String payloadJson) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            return signingInput + "." + new RSASSASigner(key).sign(new JWSHeader(JWSAlgorithm.RS256),
                    signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64URL.encode(json).toString();
    }

    /** The claims of an access token each tenant accepts: exact issuer, its audience rules, fresh times. */
    static JWTClaimsSet.Builder claims(String tenant) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("alice")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
        switch (tenant) {
            case "oidc" -> claims.issuer(PROVIDER.oidcIssuer().toString()).audience(EmbeddedProvider.API_AUDIENCE);
            case "auth0" -> claims.issuer(PROVIDER.auth0Issuer().toString()).audience(EmbeddedProvider.API_AUDIENCE)
                    .claim("scope", "openid profile email");
            case "cognito" -> claims.issuer(PROVIDER.cognitoIssuer().toString()).claim("token_use", "access")
                    .claim("client_id", EmbeddedProvider.CLIENT_ID).claim("scope", "openid email profile");
            default -> throw new IllegalArgumentException(tenant);
        }
        return claims;
    }

    static Map<String, Object> claimsMap(String tenant) {
        return new LinkedHashMap<>(claims(tenant).build().toJSONObject());
    }

    static String claimsJson(String tenant, Map<String, Object> extra) {
        Map<String, Object> claims = claimsMap(tenant);
        claims.putAll(extra);
        return JSONObjectUtils.toJSONString(claims);
    }

    static RSAKey generateRsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey generateEcKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loopback web server holding an attacker's JWKS, counting the requests it gets. */
    static final class AttackerKeyHost implements AutoCloseable {
        private final HttpServer server;
        private final RSAKey key = generateRsaKey("attacker-hosted-key");
        private final AtomicInteger requests = new AtomicInteger();

        private AttackerKeyHost(HttpServer server) {
            this.server = server;
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
        }

        static AttackerKeyHost start() {
            try {
                return new AttackerKeyHost(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        RSAKey key() {
            return key;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
