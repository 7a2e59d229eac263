package dev.portcullis.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;

import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** ID and access token validation: allow-listed asymmetric signatures from the provider's keys, and every claim rule. */
class TokenVerifierTest {

    private static final String ISSUER = "https://issuer.example/";
    private static final String CLIENT_ID = "client-1";
    private static final String CLIENT_SECRET = "client-secret-of-at-least-thirty-two-bytes!!";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static final RSAKey PROVIDER_KEY = TestJwts.rsaKey("provider-key");
    private static final RSAKey ATTACKER_KEY = TestJwts.rsaKey("provider-key"); // same kid, different key
    private static final ECKey PROVIDER_EC_KEY = ecKey("provider-ec-key");

    private static final ProviderDescriptor PLAIN = ProviderDescriptor.builder("test", URI.create(ISSUER)).build();

    private final TokenVerifier verifier = verifier(PLAIN, PROVIDER_KEY.toPublicJWK(), PROVIDER_EC_KEY.toPublicJWK());

    // ---- ID tokens

    @Test
    void validIdTokenWithTheExpectedNonceVerifies() {
        JWTClaimsSet claims = verifier.verifyIdToken(idToken(c -> c), Optional.of("nonce-1"));

        assertThat(claims.getSubject()).isEqualTo("user-1");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly(CLIENT_ID);
        assertThat(claims.getClaim("email")).isEqualTo("user@example.com");
    }

    @Test
    void idTokenWithoutExpectedNonceVerifiesWhenNoneIsExpected() {
        assertThat(verifier.verifyIdToken(idToken(c -> c.claim("nonce", null)), Optional.empty()).getSubject()).isEqualTo("user-1");
    }

    @Test
    void idTokenWithoutKidIsCheckedAgainstTheProviderKeys() {
        String token = TestJwts.sign(PROVIDER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), idClaims(c -> c));

        assertThat(verifier.verifyIdToken(token, Optional.of("nonce-1")).getSubject()).isEqualTo("user-1");
    }

    @Test
    void es256AndPs256AreAccepted() throws Exception {
        SignedJWT es256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(PROVIDER_EC_KEY.getKeyID()).build(), idClaims(c -> c));
        es256.sign(new ECDSASigner(PROVIDER_EC_KEY));
        String ps256 = TestJwts.sign(PROVIDER_KEY, new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(PROVIDER_KEY.getKeyID()).build(),
                idClaims(c -> c));

        assertThat(verifier.verifyIdToken(es256.serialize(), Optional.of("nonce-1")).getSubject()).isEqualTo("user-1");
        assertThat(verifier.verifyIdToken(ps256, Optional.of("nonce-1")).getSubject()).isEqualTo("user-1");
    }

    @Test
    void wrongNonceIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c), Optional.of("nonce-2")), Reason.TOKEN_INVALID, "nonce");
    }

    @Test
    void missingNonceIsRejectedWhenOneIsExpected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.claim("nonce", null)), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "nonce");
    }

    @Test
    void nonStringNonceIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.claim("nonce", List.of("nonce-1"))), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "nonce");
    }

    @Test
    void unsignedTokenIsRejected() {
        String none = new PlainJWT(idClaims(c -> c)).serialize();

        assertRejected(() -> verifier.verifyIdToken(none, Optional.of("nonce-1")), Reason.TOKEN_INVALID, "alg");
    }

    @Test
    void hs256SignedWithTheClientSecretIsRejected() throws Exception {
        String hs256 = hmacSigned(idClaims(c -> c), CLIENT_SECRET.getBytes(StandardCharsets.UTF_8));

        assertRejected(() -> verifier.verifyIdToken(hs256, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void hs256IsRejectedEvenWhenTheKeySetHoldsTheMatchingSecretKey() throws Exception {
        byte[] secret = CLIENT_SECRET.getBytes(StandardCharsets.UTF_8);
        TokenVerifier withSymmetricKey = verifier(PLAIN, PROVIDER_KEY.toPublicJWK(), new OctetSequenceKey.Builder(secret).build());

        String hs256 = hmacSigned(idClaims(c -> c), secret);

        assertRejected(() -> withSymmetricKey.verifyIdToken(hs256, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void signatureByAnotherKeyWithTheSameKidIsRejected() {
        String forged = TestJwts.sign(ATTACKER_KEY, idClaims(c -> c));

        assertRejected(() -> verifier.verifyIdToken(forged, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void keyEmbeddedInTheTokenHeaderIsNotTrusted() {
        String selfSigned = TestJwts.sign(ATTACKER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .jwk(ATTACKER_KEY.toPublicJWK()).build(), idClaims(c -> c));

        assertRejected(() -> verifier.verifyIdToken(selfSigned, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void alteredPayloadIsRejected() throws ParseException {
        SignedJWT original = SignedJWT.parse(idToken(c -> c));
        String otherPayload = SignedJWT.parse(idToken(c -> c.subject("admin"))).getParsedParts()[1].toString();
        String spliced = original.getParsedParts()[0] + "." + otherPayload + "." + original.getParsedParts()[2];

        assertRejected(() -> verifier.verifyIdToken(spliced, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void wrongIssuerIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.issuer("https://evil.example/")), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "iss");
    }

    @Test
    void issuerWithoutTheTrailingSlashIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.issuer("https://issuer.example")), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "iss");
    }

    @Test
    void missingIssuerIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.issuer(null)), Optional.of("nonce-1")), Reason.TOKEN_INVALID, "iss");
    }

    @Test
    void missingAudienceIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.audience((String) null)), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "aud");
    }

    @Test
    void wrongAudienceIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.audience("other-client")), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "aud");
    }

    @Test
    void anAudienceTheClientDoesNotTrustIsRejectedEvenWithOurClientAsAuthorizedParty() {
        String token = idToken(c -> c.audience(List.of(CLIENT_ID, "other-client")).claim("azp", CLIENT_ID));

        assertRejected(() -> verifier.verifyIdToken(token, Optional.of("nonce-1")), Reason.TOKEN_INVALID, "aud");
    }

    @Test
    void severalTrustedAudiencesWithoutAuthorizedPartyAreRejected() {
        TokenVerifier trusting = verifier(ProviderDescriptor.builder("test", URI.create(ISSUER))
                .idTokenRules(TokenRules.audience("trusted-api")).build(), PROVIDER_KEY.toPublicJWK());

        assertRejected(() -> trusting.verifyIdToken(idToken(c -> c.audience(List.of(CLIENT_ID, "trusted-api"))), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "azp");
    }

    @Test
    void severalTrustedAudiencesWithOurClientAsAuthorizedPartyVerify() {
        TokenVerifier trusting = verifier(ProviderDescriptor.builder("test", URI.create(ISSUER))
                .idTokenRules(TokenRules.audience("trusted-api")).build(), PROVIDER_KEY.toPublicJWK());
        String token = idToken(c -> c.audience(List.of(CLIENT_ID, "trusted-api")).claim("azp", CLIENT_ID));

        assertThat(trusting.verifyIdToken(token, Optional.of("nonce-1")).getAudience()).containsExactly(CLIENT_ID, "trusted-api");
    }

    @Test
    void anIdTokenForOnlyATrustedAudienceIsNotForThisClient() {
        TokenVerifier trusting = verifier(ProviderDescriptor.builder("test", URI.create(ISSUER))
                .idTokenRules(TokenRules.audience("trusted-api")).build(), PROVIDER_KEY.toPublicJWK());

        assertRejected(() -> trusting.verifyIdToken(idToken(c -> c.audience("trusted-api")), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "aud");
    }

    @Test
    void authorizedPartyOfAnotherClientIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.claim("azp", "other-client")), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "azp");
    }

    @Test
    void missingSubjectIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.subject(null)), Optional.of("nonce-1")), Reason.TOKEN_INVALID, "sub");
    }

    @Test
    void missingIssueTimeIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.issueTime(null)), Optional.of("nonce-1")), Reason.TOKEN_INVALID, "iat");
    }

    @Test
    void missingExpiryIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.expirationTime(null)), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "exp");
    }

    @Test
    void expiredBeyondTheSkewIsRejectedAsExpired() {
        String token = idToken(c -> c.issueTime(date(NOW.minusSeconds(3600))).expirationTime(date(NOW.minus(SKEW).minusSeconds(1))));

        assertRejected(() -> verifier.verifyIdToken(token, Optional.of("nonce-1")), Reason.TOKEN_EXPIRED, "exp");
    }

    @Test
    void expiredExactlyBySkewIsRejected() {
        String token = idToken(c -> c.issueTime(date(NOW.minusSeconds(3600))).expirationTime(date(NOW.minus(SKEW))));

        assertRejected(() -> verifier.verifyIdToken(token, Optional.of("nonce-1")), Reason.TOKEN_EXPIRED, "exp");
    }

    @Test
    void expiredWithinTheSkewStillVerifies() {
        String token = idToken(c -> c.issueTime(date(NOW.minusSeconds(3600))).expirationTime(date(NOW.minusSeconds(30))));

        assertThat(verifier.verifyIdToken(token, Optional.of("nonce-1")).getSubject()).isEqualTo("user-1");
    }

    @Test
    void notBeforeInTheFutureBeyondTheSkewIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.notBeforeTime(date(NOW.plus(SKEW).plusSeconds(1)))), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "nbf");
    }

    @Test
    void notBeforeWithinTheSkewVerifies() {
        assertThat(verifier.verifyIdToken(idToken(c -> c.notBeforeTime(date(NOW.plusSeconds(30)))), Optional.of("nonce-1")).getSubject())
                .isEqualTo("user-1");
    }

    @Test
    void issuedInTheFutureBeyondTheSkewIsRejected() {
        assertRejected(() -> verifier.verifyIdToken(idToken(c -> c.issueTime(date(NOW.plus(SKEW).plusSeconds(1)))), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "iat");
    }

    @Test
    void encryptedTokenIsRejected() throws Exception {
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM), idClaims(c -> c));
        jwe.encrypt(new RSAEncrypter(PROVIDER_KEY.toRSAPublicKey()));

        assertRejected(() -> verifier.verifyIdToken(jwe.serialize(), Optional.of("nonce-1")), Reason.TOKEN_INVALID, "alg");
    }

    @Test
    void tokenLargerThan16KilobytesIsRejectedBeforeParsing() {
        String large = idToken(c -> c.claim("padding", "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH)));
        assertThat(large.length()).isGreaterThan(TokenVerifier.MAX_TOKEN_LENGTH);

        assertRejected(() -> verifier.verifyIdToken(large, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void garbageIsRejected() {
        for (String garbage : new String[] {"", "abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.", "...."}) {
            assertRejected(() -> verifier.verifyIdToken(garbage, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
        }
        assertRejected(() -> verifier.verifyIdToken(null, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void accessTokenTypeIsRefusedForIdTokens() {
        String token = TestJwts.sign(PROVIDER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(PROVIDER_KEY.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), idClaims(c -> c));

        assertRejected(() -> verifier.verifyIdToken(token, Optional.of("nonce-1")), Reason.TOKEN_INVALID, null);
    }

    @Test
    void idTokenRulesOfTheProviderApply() {
        ProviderDescriptor cognitoLike = ProviderDescriptor.builder("test", URI.create(ISSUER))
                .idTokenRules(TokenRules.STANDARD.requireValue("token_use", "id")).build();
        TokenVerifier cognito = verifier(cognitoLike, PROVIDER_KEY.toPublicJWK());

        assertThat(cognito.verifyIdToken(idToken(c -> c.claim("token_use", "id")), Optional.of("nonce-1")).getClaim("token_use")).isEqualTo("id");
        assertRejected(() -> cognito.verifyIdToken(idToken(c -> c.claim("token_use", "access")), Optional.of("nonce-1")),
                Reason.TOKEN_INVALID, "token_use");
        assertRejected(() -> cognito.verifyIdToken(idToken(c -> c), Optional.of("nonce-1")), Reason.TOKEN_INVALID, "token_use");
    }

    @Test
    void rejectionNamesTheProviderAndNeverTheToken() {
        String token = idToken(c -> c.issuer("https://evil.example/"));

        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verifyIdToken(token, Optional.empty()));

        assertThat(e.provider()).contains("test");
        assertThat(e.getMessage()).doesNotContain(token).doesNotContain("user-1");
    }

    // ---- access tokens

    @Test
    void accessTokenForTheConfiguredAudienceVerifies() {
        TokenVerifier api = verifier(withAccessRules(TokenRules.audience("api")), PROVIDER_KEY.toPublicJWK());

        JWTClaimsSet claims = api.verifyAccessToken(accessToken(c -> c.audience("api"))).claims();

        assertThat(claims.getSubject()).isEqualTo("user-1");
    }

    @Test
    void accessTokenForAnotherAudienceIsRejected() {
        TokenVerifier api = verifier(withAccessRules(TokenRules.audience("api")), PROVIDER_KEY.toPublicJWK());

        assertRejected(() -> api.verifyAccessToken(accessToken(c -> c.audience("other"))), Reason.TOKEN_INVALID, "aud");
        assertRejected(() -> api.verifyAccessToken(accessToken(c -> c.audience((String) null))), Reason.TOKEN_INVALID, "aud");
    }

    @Test
    void accessTokenNeedsTheRequiredClaimValues() {
        TokenVerifier cognito = verifier(withAccessRules(new TokenRules(Set.of(), Map.of("token_use", "access", "client_id", "x"))),
                PROVIDER_KEY.toPublicJWK());

        assertThat(cognito.verifyAccessToken(accessToken(c -> c.audience((String) null).claim("token_use", "access").claim("client_id", "x")))
                .claims().getClaim("client_id")).isEqualTo("x");
        assertRejected(() -> cognito.verifyAccessToken(accessToken(c -> c.claim("token_use", "id").claim("client_id", "x"))),
                Reason.TOKEN_INVALID, "token_use");
        assertRejected(() -> cognito.verifyAccessToken(accessToken(c -> c.claim("token_use", "access").claim("client_id", "y"))),
                Reason.TOKEN_INVALID, "client_id");
        assertRejected(() -> cognito.verifyAccessToken(accessToken(c -> c.claim("token_use", "access"))),
                Reason.TOKEN_INVALID, "client_id");
    }

    @Test
    void accessTokenNeedsOneOfTheAllowedValuesOfAClaim() {
        TokenVerifier cognito = verifier(withAccessRules(new TokenRules(Set.of(), Map.of("token_use", "access"))
                .requireOneOf("client_id", Set.of("own", "m2m"))), PROVIDER_KEY.toPublicJWK());

        for (String client : List.of("own", "m2m")) {
            assertThat(cognito.verifyAccessToken(accessToken(c -> c.audience((String) null).claim("token_use", "access")
                    .claim("client_id", client))).claims().getClaim("client_id")).isEqualTo(client);
        }
        assertRejected(() -> cognito.verifyAccessToken(accessToken(c -> c.claim("token_use", "access").claim("client_id", "other"))),
                Reason.TOKEN_INVALID, "client_id");
        assertRejected(() -> cognito.verifyAccessToken(accessToken(c -> c.claim("token_use", "access")
                .claim("client_id", List.of("own")))), Reason.TOKEN_INVALID, "client_id");
        assertRejected(() -> cognito.verifyAccessToken(accessToken(c -> c.claim("token_use", "access"))), Reason.TOKEN_INVALID, "client_id");
        assertRejected(() -> cognito.verifyAccessToken(accessToken(c -> c.claim("token_use", "id").claim("client_id", "m2m"))),
                Reason.TOKEN_INVALID, "token_use");
    }

    @Test
    void providerWithoutAccessTokenRulesRefusesEveryAccessToken() {
        assertRejected(() -> verifier.verifyAccessToken(accessToken(c -> c.audience(CLIENT_ID))), Reason.TOKEN_FOREIGN, null);
    }

    @Test
    void accessTokenTypesJwtAtJwtAndNoneAreAccepted() {
        TokenVerifier api = verifier(withAccessRules(TokenRules.audience("api")), PROVIDER_KEY.toPublicJWK());
        JWTClaimsSet claims = accessClaims(c -> c.audience("api"));

        for (JOSEObjectType type : new JOSEObjectType[] {new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"),
                JOSEObjectType.JWT, null}) {
            SignedJWT token = signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(PROVIDER_KEY.getKeyID()).type(type).build(), claims);
            assertThat(api.verifyAccessToken(token).claims().getSubject()).as("typ %s", type).isEqualTo("user-1");
        }
    }

    @Test
    void accessTokenOfAnotherTypeIsRejected() {
        TokenVerifier api = verifier(withAccessRules(TokenRules.audience("api")), PROVIDER_KEY.toPublicJWK());
        SignedJWT token = signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(PROVIDER_KEY.getKeyID())
                .type(new JOSEObjectType("logout+jwt")).build(), accessClaims(c -> c.audience("api")));

        assertRejected(() -> api.verifyAccessToken(token), Reason.TOKEN_INVALID, null);
    }

    @Test
    void accessTokenChecksIssuerSubjectAndExpiry() {
        TokenVerifier api = verifier(withAccessRules(TokenRules.audience("api")), PROVIDER_KEY.toPublicJWK());

        assertRejected(() -> api.verifyAccessToken(accessToken(c -> c.audience("api").issuer("https://evil.example/"))),
                Reason.TOKEN_INVALID, "iss");
        assertRejected(() -> api.verifyAccessToken(accessToken(c -> c.audience("api").subject(null))), Reason.TOKEN_INVALID, "sub");
        assertRejected(() -> api.verifyAccessToken(accessToken(c -> c.audience("api").expirationTime(null))), Reason.TOKEN_INVALID, "exp");
        assertRejected(() -> api.verifyAccessToken(accessToken(c -> c.audience("api").expirationTime(date(NOW.minus(SKEW))))),
                Reason.TOKEN_EXPIRED, "exp");
    }

    @Test
    void accessTokenSignedByAnotherKeyIsRejected() {
        TokenVerifier api = verifier(withAccessRules(TokenRules.audience("api")), PROVIDER_KEY.toPublicJWK());
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(PROVIDER_KEY.getKeyID()).build(),
                accessClaims(c -> c.audience("api")));
        try {
            forged.sign(new com.nimbusds.jose.crypto.RSASSASigner(ATTACKER_KEY));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }

        assertRejected(() -> api.verifyAccessToken(forged), Reason.TOKEN_INVALID, null);
    }

    @Test
    void allowedAlgorithmsAreAsymmetricOnly() {
        assertThat(TokenVerifier.ALLOWED_ALGORITHMS).extracting(com.nimbusds.jose.JWSAlgorithm::getName)
                .containsExactlyInAnyOrder("ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512");
    }

    // ---- helpers

    private static TokenVerifier verifier(ProviderDescriptor descriptor, JWK... keys) {
        JWKSource<SecurityContext> source = new ImmutableJWKSet<>(new JWKSet(List.of(keys)));
        return new TokenVerifier(descriptor, CLIENT_ID, source, CLOCK, SKEW, AuthListener.none());
    }

    private static ProviderDescriptor withAccessRules(TokenRules rules) {
        return ProviderDescriptor.builder("test", URI.create(ISSUER)).accessTokenRules(rules).build();
    }

    private static JWTClaimsSet idClaims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-1")
                .audience(CLIENT_ID)
                .claim("nonce", "nonce-1")
                .claim("email", "user@example.com")
                .issueTime(date(NOW.minusSeconds(10)))
                .expirationTime(date(NOW.plusSeconds(3600)))).build();
    }

    private static String idToken(UnaryOperator<JWTClaimsSet.Builder> change) {
        return TestJwts.sign(PROVIDER_KEY, idClaims(change));
    }

    private static JWTClaimsSet accessClaims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-1")
                .issueTime(date(NOW.minusSeconds(10)))
                .expirationTime(date(NOW.plusSeconds(300)))).build();
    }

    private static SignedJWT accessToken(UnaryOperator<JWTClaimsSet.Builder> change) {
        return signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(PROVIDER_KEY.getKeyID()).type(new JOSEObjectType("at+jwt")).build(),
                accessClaims(change));
    }

    private static SignedJWT signed(JWSHeader header, JWTClaimsSet claims) {
        try {
            return SignedJWT.parse(TestJwts.sign(PROVIDER_KEY, header, claims));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacSigned(JWTClaimsSet claims, byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Date date(Instant instant) {
        return Date.from(instant);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason, String claim) {
        assertThatExceptionOfType(TokenRejectedException.class)
                .isThrownBy(call)
                .satisfies(e -> {
                    assertThat(e.reason()).as("reason").isEqualTo(reason);
                    assertThat(e.claim()).as("claim").isEqualTo(Optional.ofNullable(claim));
                });
    }
}
