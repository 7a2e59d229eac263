package dev.portcullis.auth;

import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which keys of a provider's key set the signature step uses, and how strictly a token must be spelt: the rules the
 * Wycheproof vectors exercise, checked here on keys the test makes so they run without the vectors too.
 */
class VerificationKeysTest {

    private static final JWTClaimsSet CLAIMS = new JWTClaimsSet.Builder().subject("user-1").build();
    private static final RSAKey KEY = TestJwts.rsaKey("key-1");

    @Test
    void aKeyOfTheSetVerifiesItsToken() {
        assertVerifies(check(KEY.toPublicJWK()), TestJwts.sign(KEY, CLAIMS));
    }

    @Test
    void theKeyThatVerifiedATokenIsKnownOnlyWhenItsKidNamedItAndNoOtherKeyWasTried() {
        RSAKey other = TestJwts.rsaKey("key-2");
        JwsCheck check = check(other.toPublicJWK(), KEY.toPublicJWK());

        assertThat(check.verify(TokenVerifier.parseSigned(TestJwts.sign(KEY, CLAIMS)))).contains(KEY.toPublicJWK());
        assertThat(check.verify(TokenVerifier.parseSigned(TestJwts.sign(other, CLAIMS)))).contains(other.toPublicJWK());
        // without a kid both keys are candidates: which one verified is not known, so none is named
        assertThat(check.verify(TokenVerifier.parseSigned(
                TestJwts.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), CLAIMS)))).isEmpty();
        assertThat(check(KEY.toPublicJWK()).verify(TokenVerifier.parseSigned(
                TestJwts.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), CLAIMS)))).isEmpty();
    }

    @Test
    void aKeysVerdictHoldsForEveryTokenItIsAskedFor() throws JOSEException {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        JwsCheck check = check(weak.toPublicJWK(), KEY.toPublicJWK());
        SignedJWT byWeak = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build(), CLAIMS);
        byWeak.sign(new RSASSASigner(weak.toPrivateKey(), true));

        for (int i = 0; i < 3; i++) {
            assertVerifies(check, TestJwts.sign(KEY, CLAIMS));
            assertRefused(check, byWeak.serialize());
        }
    }

    @Test
    void rsaKeyShorterThan2048BitsIsNotUsed() throws JOSEException {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build(), CLAIMS);
        token.sign(new RSASSASigner(weak.toPrivateKey(), true));

        assertRefused(check(weak.toPublicJWK()), token.serialize());
    }

    @Test
    void keyWhoseKeyOpsExcludeVerifyIsNotUsed() {
        RSAKey encryptOnly = new RSAKey.Builder(KEY.toPublicJWK()).keyOperations(Set.of(KeyOperation.ENCRYPT)).build();
        RSAKey verify = new RSAKey.Builder(KEY.toPublicJWK()).keyOperations(Set.of(KeyOperation.VERIFY)).build();

        assertRefused(check(encryptOnly), TestJwts.sign(KEY, CLAIMS));
        assertVerifies(check(verify), TestJwts.sign(KEY, CLAIMS));
    }

    @Test
    void kidNamingTwoKeysOfOneTypeIsAmbiguousAndRefusedButAKidlessTokenTriesEveryKey() {
        RSAKey twin = TestJwts.rsaKey(KEY.getKeyID());
        JwsCheck check = check(twin.toPublicJWK(), KEY.toPublicJWK());

        assertRefused(check, TestJwts.sign(KEY, CLAIMS));
        assertVerifies(check, TestJwts.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), CLAIMS));
    }

    @Test
    void aKeyThatLeavesTheSetNoLongerVerifiesNewTokensThoughItVerifiedBefore() {
        RSAKey next = TestJwts.rsaKey("key-2");
        AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(KEY.toPublicJWK()));
        JwsCheck check = new JwsCheck("test", (selector, context) -> selector.select(published.get()),
                TokenVerifier.ALLOWED_ALGORITHMS, TokenVerifier.ID_TOKEN_TYPES);
        assertVerifies(check, TestJwts.sign(KEY, CLAIMS));

        published.set(new JWKSet(next.toPublicJWK()));

        // tokens not seen before: the verifier kept for the removed key is never reached again
        assertRefused(check, TestJwts.sign(KEY, new JWTClaimsSet.Builder().subject("user-2").build()));
        assertRefused(check, TestJwts.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-2").build(), CLAIMS));
        assertRefused(check, TestJwts.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), CLAIMS));
        assertVerifies(check, TestJwts.sign(next, CLAIMS));
    }

    @Test
    void aVerificationAfterARefusedSignatureGetsItsOwnVerdict() {
        JwsCheck check = check(KEY.toPublicJWK());
        String token = TestJwts.sign(KEY, CLAIMS);
        String[] parts = token.split("\\.");
        String signingInput = parts[0] + "." + parts[1] + ".";
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[17] ^= 1;
        String altered = signingInput + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        // a signature of the wrong length, which the JDK refuses with an exception rather than a verdict
        String short_ = signingInput + parts[2].substring(0, 40);
        String byAnotherToken = signingInput + TestJwts.sign(KEY, new JWTClaimsSet.Builder().subject("user-2").build()).split("\\.")[2];

        for (int i = 0; i < 3; i++) {
            assertRefused(check, altered);
            assertVerifies(check, token);
            assertRefused(check, short_);
            assertVerifies(check, token);
            assertRefused(check, byAnotherToken);
            assertVerifies(check, token);
        }
    }

    @Test
    void concurrentVerificationsWithOneKeyEachGetTheirOwnVerdict() throws Exception {
        JwsCheck check = check(KEY.toPublicJWK());
        String token = TestJwts.sign(KEY, CLAIMS);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + TestJwts.sign(KEY, new JWTClaimsSet.Builder().subject("user-2").build()).split("\\.")[1]
                + "." + parts[2];
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> runs = IntStream.range(0, 8).<Future<?>>mapToObj(n -> threads.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    assertVerifies(check, token);
                    assertRefused(check, forged);
                }
            })).toList();
            for (Future<?> run : runs) {
                run.get();
            }
        }
    }

    @Test
    void secretBesidePublicKeysIsNotUsedEvenWhereHmacIsAllowed() throws Exception {
        OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("secret").generate();
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("secret").build(), CLAIMS);
        hs256.sign(new MACSigner(secret));
        Set<JWSAlgorithm> hmacToo = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256);

        assertRefused(new JwsCheck("test", source(secret, KEY.toPublicJWK()), hmacToo, TokenVerifier.ID_TOKEN_TYPES), hs256.serialize());
        assertVerifies(new JwsCheck("test", source(secret), hmacToo, TokenVerifier.ID_TOKEN_TYPES), hs256.serialize());
    }

    @Test
    void rocaFingerprintIsFoundOnAModulusOfTheFlawedGeneratorsFormOnly() {
        // the flawed generator's primes have the form k * M + (65537^a mod M), M the product of the first 126 primes;
        // residues are all the test looks at, so numbers of that form (not primes) will do
        BigInteger m = IntStream.rangeClosed(2, 701).filter(n -> BigInteger.valueOf(n).isProbablePrime(32))
                .mapToObj(BigInteger::valueOf).reduce(BigInteger.ONE, BigInteger::multiply);
        BigInteger g = BigInteger.valueOf(65537);
        BigInteger p = BigInteger.valueOf(12345).multiply(m).add(g.modPow(BigInteger.valueOf(1234), m));
        BigInteger q = BigInteger.valueOf(67890).multiply(m).add(g.modPow(BigInteger.valueOf(5678), m));

        assertThat(VerificationKeys.hasRocaFingerprint(p.multiply(q))).isTrue();
        assertThat(VerificationKeys.hasRocaFingerprint(KEY.getModulus().decodeToBigInteger())).isFalse();
        assertThat(VerificationKeys.hasRocaFingerprint(p.multiply(q).add(BigInteger.TWO))).isFalse();
    }

    @Test
    void tokenIsRefusedUnlessEachPartIsCanonicalBase64url() {
        String token = TestJwts.sign(KEY, CLAIMS);
        String[] parts = token.split("\\.");
        JwsCheck check = check(KEY.toPublicJWK());
        assertVerifies(check, token);

        for (String respelt : List.of(
                parts[0] + " ." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2] + "=",
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + "?" + parts[2].substring(10),
                parts[0] + "." + parts[1] + "." + lastCharWithUnusedBitsSet(parts[2]))) {
            assertThatExceptionOfType(TokenRejectedException.class).as(respelt).isThrownBy(() -> TokenVerifier.parseSigned(respelt))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_INVALID));
        }
    }

    /** The same bytes spelt differently: a 2048-bit signature is 342 characters, the last carrying 4 unused bits. */
    private static String lastCharWithUnusedBitsSet(String part) {
        assertThat(part.length() % 4).isEqualTo(2);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(part.charAt(part.length() - 1));
        return part.substring(0, part.length() - 1) + alphabet.charAt(last | 1);
    }

    private static JwsCheck check(JWK... keys) {
        return new JwsCheck("test", source(keys), TokenVerifier.ALLOWED_ALGORITHMS, TokenVerifier.ID_TOKEN_TYPES);
    }

    private static ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext> source(JWK... keys) {
        return new ImmutableJWKSet<>(new JWKSet(List.of(keys)));
    }

    private static void assertVerifies(JwsCheck check, String token) {
        assertThatCode(() -> check.verify(TokenVerifier.parseSigned(token))).doesNotThrowAnyException();
    }

    private static void assertRefused(JwsCheck check, String token) {
        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> check.verify(TokenVerifier.parseSigned(token)))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_INVALID));
    }
}
