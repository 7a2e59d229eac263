package dev.portcullis.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Malformed and hostile bearer tokens straight to {@link OidcRelyingParty#verifyBearer}, with two real tenants (their
 * discovery documents and JWKS served over loopback HTTP by the JDK's server, which counts every request) and an
 * attacker's key locations on the same server. Each refusal is a {@link TokenRejectedException} with its exact
 * reason, and its message never holds the token or a part of it.
 * <p>
 * Covered elsewhere, not repeated here: {@code alg: none} as a plain JWT ({@code OidcRelyingPartyOfflineTest}
 * and {@code TokenVerifierTest}), a JWE ({@code TokenVerifierTest.encryptedTokenIsRejected}, through the same
 * parser), a key embedded as {@code jwk} ({@code TokenVerifierTest.keyEmbeddedInTheTokenHeaderIsNotTrusted}), HS256
 * keyed with a client secret or a secret from the key set, and a token larger than 16 KB in its payload.
 */
class BearerTokenFormatTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** The order of P-256, n (SEC 2). */
    private static final BigInteger P256_ORDER = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final Duration JWKS_RATE_LIMIT = Duration.ofSeconds(30);

    private static final RSAKey TENANT_RSA = TestJwts.rsaKey("tenant-rsa");
    private static final ECKey TENANT_EC = ecKey("tenant-ec");
    private static final RSAKey OTHER_TENANT_RSA = TestJwts.rsaKey("other-rsa");
    private static final RSAKey FOREIGN_RSA = TestJwts.rsaKey("foreign-rsa");
    private static final RSAKey ATTACKER_RSA = TestJwts.rsaKey("attacker");

    private HttpServer server;
    private volatile boolean keySetDown;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private String base;
    private String issuer;
    private OidcRelyingParty party;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        issuer = base + "/tenant";
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.provider", "tenant");
        config.put("auth.providers", "tenant,other");
        for (String name : List.of("tenant", "other")) {
            config.put("auth." + name + ".issuer", base + "/" + name);
            config.put("auth." + name + ".client-id", name + "-client");
            config.put("auth." + name + ".client-secret", name + "-secret");
            config.put("auth." + name + ".api-audience", name + "-api");
        }
        party = OidcRelyingParty.create(TestConfig.values(config), CLOCK, OidcRelyingPartyConfigTest.factories("tenant", "other"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Discovery and JWKS of three tenants (the third is not enabled), and an attacker's key locations. */
    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Map<String, JWKSet> keys = Map.of(
                "tenant", new JWKSet(List.of(TENANT_RSA.toPublicJWK(), TENANT_EC.toPublicJWK())),
                "other", new JWKSet(OTHER_TENANT_RSA.toPublicJWK()),
                "foreign", new JWKSet(FOREIGN_RSA.toPublicJWK()),
                "attacker", new JWKSet(ATTACKER_RSA.toPublicJWK()));
        String[] segments = path.split("/");
        String body = null;
        if (segments.length >= 3 && keys.containsKey(segments[1])) {
            String tenant = base + "/" + segments[1];
            if (path.endsWith("/.well-known/openid-configuration")) {
                Map<String, Object> discovery = new LinkedHashMap<>();
                discovery.put("issuer", tenant);
                discovery.put("authorization_endpoint", tenant + "/authorize");
                discovery.put("token_endpoint", tenant + "/token");
                discovery.put("jwks_uri", tenant + "/jwks");
                discovery.put("response_types_supported", List.of("code"));
                discovery.put("subject_types_supported", List.of("public"));
                discovery.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
                body = JSONObjectUtils.toJSONString(discovery);
            } else if (path.endsWith("/jwks") && !keySetDown) {
                body = keys.get(segments[1]).toString();
            }
        }
        byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- the baseline: what the refusals below are measured against

    @Test
    void wellFormedRs256AndEs256TokensOfTheTenantVerify() {
        assertThat(party.verifyBearer(signed(header(JWSAlgorithm.RS256, TENANT_RSA.getKeyID()), claims(), TENANT_RSA)).subject())
                .isEqualTo("user-1");
        assertThat(party.verifyBearer(signed(header(JWSAlgorithm.ES256, TENANT_EC.getKeyID()), claims(), TENANT_EC)).provider())
                .isEqualTo("tenant");
        assertThat(fetches("/tenant/jwks")).isEqualTo(1);
    }

    // ---- alg

    @Test
    void algNoneInOtherSpellingsIsRefused() {
        for (String alg : List.of("None", "NONE", "nOnE")) {
            String token = raw("{\"alg\":\"" + alg + "\",\"kid\":\"tenant-rsa\",\"typ\":\"at+jwt\"}", claimsJson(claims()), new byte[0]);
            assertRefused(token, Reason.TOKEN_INVALID, null);
            String withSignature = raw("{\"alg\":\"" + alg + "\",\"kid\":\"tenant-rsa\"}", claimsJson(claims()), TestJwts.randomBytes(256));
            assertRefused(withSignature, Reason.TOKEN_INVALID, null);
        }
    }

    @Test
    void tokenWithoutAlgIsRefusedAsMalformed() {
        String token = raw("{\"kid\":\"tenant-rsa\",\"typ\":\"at+jwt\"}", claimsJson(claims()), TestJwts.randomBytes(256));

        assertRefused(token, Reason.TOKEN_INVALID, null);
        assertThat(fetches("/tenant/jwks")).isZero();
    }

    @Test
    void hs256KeyedWithTheTenantsRsaPublicKeyAsPemOrDerIsRefused() throws Exception {
        byte[] der = TENANT_RSA.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";

        for (byte[] secret : List.of(pem.getBytes(StandardCharsets.US_ASCII), der)) {
            String token = signed(header(JWSAlgorithm.HS256, TENANT_RSA.getKeyID()), claims(), new MACSigner(secret));
            assertRefused(token, Reason.TOKEN_INVALID, null);
        }
    }

    // ---- key material and key locations in the header

    @Test
    void keysAndKeyLocationsInTheHeaderAreNeverUsedOrFetched() {
        for (String kid : new String[] {ATTACKER_RSA.getKeyID(), TENANT_RSA.getKeyID(), null}) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(new JOSEObjectType("at+jwt"))
                    .jwkURL(URI.create(base + "/attacker/jwks"))
                    .x509CertURL(URI.create(base + "/attacker/x5u"))
                    .jwk(ATTACKER_RSA.toPublicJWK())
                    .build();
            assertRefused(signed(header, claims(), ATTACKER_RSA), Reason.TOKEN_INVALID, null);
        }
        assertThat(fetches("/attacker/jwks")).isZero();
        assertThat(fetches("/attacker/x5u")).isZero();
        assertThat(requests.keySet()).allMatch(path -> path.startsWith("/tenant/"));
    }

    // ---- kid

    @Test
    void hostileKidStringsFindNoKeyEvenOnATokenTheTenantsKeySigned() {
        for (String kid : List.of("../../dev/null", "' OR 1=1 --", "k".repeat(10 * 1024))) {
            assertRefused(signed(header(JWSAlgorithm.RS256, kid), claims(), TENANT_RSA), Reason.TOKEN_INVALID, null);
        }
    }

    @Test
    void kidThatIsAJsonNumberIsRefusedAsMalformed() {
        String token = rawSigned("{\"alg\":\"RS256\",\"kid\":42,\"typ\":\"at+jwt\"}", claimsJson(claims()), TENANT_RSA);

        assertRefused(token, Reason.TOKEN_INVALID, null);
    }

    @Test
    void kidThatIsJsonNullIsNoKidSoEveryTenantKeyIsTriedAndNoneVerifiesAForgery() {
        String forged = rawSigned("{\"alg\":\"RS256\",\"kid\":null,\"typ\":\"at+jwt\"}", claimsJson(claims()), ATTACKER_RSA);

        assertRefused(forged, Reason.TOKEN_INVALID, null);
    }

    // ---- other headers

    @Test
    void criticalHeaderTheVerifierDoesNotUnderstandIsRefused() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TENANT_RSA.getKeyID()).type(new JOSEObjectType("at+jwt"))
                .criticalParams(Set.of("x")).customParam("x", "must-understand").build();

        assertRefused(signed(header, claims(), TENANT_RSA), Reason.TOKEN_INVALID, null);
    }

    @Test
    void unsignedTokenWrappedAsCtyJwtInASignedOneIsNotUnwrapped() {
        String inner = new PlainJWT(claims()).serialize();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TENANT_RSA.getKeyID()).contentType("JWT").build();
        JWSObject outer = new JWSObject(header, new Payload(inner));
        sign(outer, signer(TENANT_RSA));

        assertRefused(outer.serialize(), Reason.TOKEN_INVALID, null);
    }

    // ---- signatures

    @Test
    void es256SignatureWithRAndSZeroOrEqualToTheGroupOrderIsRefused() {
        byte[] zeros = new byte[64];
        byte[] order = new byte[64];
        byte[] n = P256_ORDER.toByteArray(); // 33 bytes: a leading zero
        System.arraycopy(n, n.length - 32, order, 0, 32);
        System.arraycopy(n, n.length - 32, order, 32, 32);
        String header = "{\"alg\":\"ES256\",\"kid\":\"tenant-ec\",\"typ\":\"at+jwt\"}";

        for (byte[] signature : List.of(zeros, order)) {
            assertRefused(raw(header, claimsJson(claims()), signature), Reason.TOKEN_INVALID, null);
        }
    }

    // ---- claims of a token the tenant's key really signed

    @Test
    void expThatIsAStringIsRefused() {
        Map<String, Object> claims = claimsJson(claims());
        claims.put("exp", "2099-01-01T00:00:00Z");

        assertRefused(rawSigned(rs256Header(), claims, TENANT_RSA), Reason.TOKEN_INVALID, null);
    }

    @Test
    void expBeyondEveryNumberIsRefused() {
        String payload = JSONObjectUtils.toJSONString(claimsJson(claims()))
                .replaceFirst("\"exp\":\\d+", "\"exp\":1e309");
        assertThat(payload).contains("1e309");

        assertRefused(rawSigned(rs256Header(), payload, TENANT_RSA), Reason.TOKEN_INVALID, null);
    }

    @Test
    void negativeExpIsRefusedAsExpired() {
        Map<String, Object> claims = claimsJson(claims());
        claims.put("exp", -1L);

        assertRefused(rawSigned(rs256Header(), claims, TENANT_RSA), Reason.TOKEN_EXPIRED, "exp");
    }

    @Test
    void audienceThatIsAJsonObjectIsRefused() {
        Map<String, Object> claims = claimsJson(claims());
        claims.put("aud", Map.of("aud", "tenant-api"));

        assertRefused(rawSigned(rs256Header(), claims, TENANT_RSA), Reason.TOKEN_INVALID, null);
    }

    @Test
    void payloadThatIsAJsonArrayIsRefused() {
        String payload = "[" + JSONObjectUtils.toJSONString(claimsJson(claims())) + "]";

        assertRefused(rawSigned(rs256Header(), payload, TENANT_RSA), Reason.TOKEN_INVALID, null);
    }

    // ---- size and depth

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void oversizedHeaderIsRefusedWithTheNormalRejection() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"tenant-rsa\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";

        assertRefused(rawSigned(header, claimsJson(claims()), TENANT_RSA), Reason.TOKEN_INVALID, null);
        assertThat(fetches("/tenant/.well-known/openid-configuration")).isZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void claimNestedTenThousandDeepIsRefusedWithTheNormalRejection() {
        assertRefused(rawSigned(rs256Header(), nestedClaims(10_000), TENANT_RSA), Reason.TOKEN_INVALID, null);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void nestingAsDeepAsFitsTheSizeLimitIsRefusedByTheParserWithoutOverflow() {
        String payload = nestedClaims(5_000);
        String token = rawSigned(rs256Header(), payload, TENANT_RSA);
        assertThat(token.length()).as("fits the size limit, so the parser sees it").isLessThanOrEqualTo(TokenVerifier.MAX_TOKEN_LENGTH);

        assertRefused(token, Reason.TOKEN_INVALID, null);
        String header = "{\"alg\":\"RS256\",\"kid\":\"tenant-rsa\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        assertRefused(rawSigned(header, claimsJson(claims()), TENANT_RSA), Reason.TOKEN_INVALID, null);
    }

    // ---- the key set under a flood of made-up kids

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void thousandTokensWithRandomKidsReReadTheKeySetAtMostTwicePerRateLimitInterval() {
        SecureRandom random = new SecureRandom();
        long started = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            String kid = new BigInteger(64, random).toString(36);
            assertRefused(signed(header(JWSAlgorithm.RS256, kid), claims(), ATTACKER_RSA), Reason.TOKEN_INVALID, null);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        // Nimbus's rate limit: at most two reads of the key set per interval, the first load included
        long intervals = elapsed.toMillis() / JWKS_RATE_LIMIT.toMillis() + 1;
        assertThat(fetches("/tenant/jwks")).isBetween(2, (int) (2 * intervals));
        assertThat(fetches("/tenant/.well-known/openid-configuration")).isEqualTo(1);
        // the tenant's real tokens are still served from the cached key set
        assertThat(party.verifyBearer(signed(header(JWSAlgorithm.RS256, TENANT_RSA.getKeyID()), claims(), TENANT_RSA)).subject())
                .isEqualTo("user-1");
    }

    @Test
    void keySetThatCannotBeFetchedMakesEveryTokenWaitForTheProviderNotInvalid() {
        keySetDown = true;

        for (int i = 0; i < 5; i++) {
            String kid = i % 2 == 0 ? TENANT_RSA.getKeyID() : "unknown-" + i;
            String token = signed(header(JWSAlgorithm.RS256, kid), claims(), TENANT_RSA);
            ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class, () -> party.verifyBearer(token));
            assertThat(e).as("token %d: ProviderUnavailableException expected", i).isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.PROVIDER_DOWN);
        }
        assertThat(fetches("/tenant/jwks")).isPositive();
    }

    // ---- other tenants

    @Test
    void validlySignedTokenOfATenantThatIsNotEnabledIsForeignAndItsIssuerIsNeverContacted() {
        JWTClaimsSet foreign = new JWTClaimsSet.Builder(claims()).issuer(base + "/foreign").audience("tenant-api").build();

        assertRefused(signed(header(JWSAlgorithm.RS256, FOREIGN_RSA.getKeyID()), foreign, FOREIGN_RSA), Reason.TOKEN_FOREIGN, "iss");
        assertThat(requests.keySet()).noneMatch(path -> path.startsWith("/foreign/"));
    }

    @Test
    void tokenSignedByAnotherEnabledTenantButNamingThisTenantAsIssuerIsRefused() {
        String withOwnKid = signed(header(JWSAlgorithm.RS256, OTHER_TENANT_RSA.getKeyID()), claims(), OTHER_TENANT_RSA);
        String withOurKid = signed(header(JWSAlgorithm.RS256, TENANT_RSA.getKeyID()), claims(), OTHER_TENANT_RSA);

        assertRefused(withOwnKid, Reason.TOKEN_INVALID, null);
        assertRefused(withOurKid, Reason.TOKEN_INVALID, null);
        assertThat(fetches("/other/jwks")).isZero();
    }

    // ---- helpers

    private TokenRejectedException assertRefused(String token, Reason reason, String claim) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> party.verifyBearer(token));
        assertThat(e).as("TokenRejectedException expected").isNotNull();
        assertThat(e.reason()).as("reason").isEqualTo(reason);
        assertThat(e.claim()).as("claim").isEqualTo(java.util.Optional.ofNullable(claim));
        String message = String.valueOf(e.getMessage());
        assertThat(message).as("message").doesNotContain(token);
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertThat(message).as("message").doesNotContain(part);
            }
        }
        return e;
    }

    private int fetches(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    private JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("user-1")
                .audience("tenant-api")
                .issueTime(java.util.Date.from(NOW.minusSeconds(10)))
                .expirationTime(java.util.Date.from(NOW.plusSeconds(300)))
                .build();
    }

    private static Map<String, Object> claimsJson(JWTClaimsSet claims) {
        return new HashMap<>(claims.toJSONObject());
    }

    /** {@code {"iss":..., "x": [[[...]]]}}: a claim nested {@code depth} arrays deep. */
    private String nestedClaims(int depth) {
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"user-1\",\"aud\":\"tenant-api\",\"exp\":" + NOW.plusSeconds(300).getEpochSecond()
                + ",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    private static String rs256Header() {
        return "{\"alg\":\"RS256\",\"kid\":\"tenant-rsa\",\"typ\":\"at+jwt\"}";
    }

    private static JWSHeader header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).type(new JOSEObjectType("at+jwt")).build();
    }

    private static String signed(JWSHeader header, JWTClaimsSet claims, Object key) {
        return signed(header, claims, key instanceof JWSSigner signer ? signer : signer(key));
    }

    private static String signed(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        JWSObject jws = new JWSObject(header, new Payload(claims.toJSONObject()));
        sign(jws, signer);
        return jws.serialize();
    }

    /** A compact JWS with exactly this header and payload JSON, signed over them with an RSA key. */
    private static String rawSigned(String headerJson, Object payload, RSAKey key) {
        String payloadJson = payload instanceof String text ? text : JSONObjectUtils.toJSONString(castMap(payload));
        String signingInput = Base64URL.encode(headerJson) + "." + Base64URL.encode(payloadJson);
        try {
            Base64URL signature = new RSASSASigner(key).sign(new JWSHeader(JWSAlgorithm.RS256), signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact JWS with exactly this header, payload and signature. */
    private static String raw(String headerJson, Map<String, Object> payload, byte[] signature) {
        return Base64URL.encode(headerJson) + "." + Base64URL.encode(JSONObjectUtils.toJSONString(payload)) + "." + Base64URL.encode(signature);
    }

    private static JWSSigner signer(Object key) {
        try {
            if (key instanceof RSAKey rsa) {
                return new RSASSASigner(rsa);
            }
            return new ECDSASigner((ECKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sign(JWSObject jws, JWSSigner signer) {
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    private static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
