package dev.portcullis.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Cookie values are encrypted and authenticated per purpose; anything not sealed by us for that purpose opens as empty. */
class CookieCipherTest {

    private static final byte[] SECRET_A = TestJwts.randomBytes(32);
    private static final byte[] SECRET_B = TestJwts.randomBytes(32);

    private static final JWTClaimsSet CLAIMS = new JWTClaimsSet.Builder()
            .subject("user-1")
            .claim("at", "access-token-value-that-must-stay-hidden")
            .build();

    private final CookieCipher sessionA = new CookieCipher(List.of(SECRET_A), "session");

    @Test
    void sealedClaimsOpenAgain() {
        String sealed = sessionA.seal(CLAIMS);

        assertThat(sessionA.open(sealed)).contains(CLAIMS);
        assertThat(new CookieCipher(List.of(SECRET_A), "session").open(sealed)).contains(CLAIMS);
    }

    @Test
    void sealedValueIsCompactA256KwA256GcmJweTypedByPurposeAndHidesTheClaims() throws Exception {
        String sealed = sessionA.seal(CLAIMS);

        JWEHeader header = EncryptedJWT.parse(sealed).getHeader();
        assertThat(header.getAlgorithm()).isEqualTo(JWEAlgorithm.A256KW);
        assertThat(header.getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
        assertThat(header.getType()).isEqualTo(new JOSEObjectType("portcullis-session"));
        assertThat(header.getKeyID()).isNotBlank();
        assertThat(sealed.split("\\.", -1)).hasSize(5);
        assertThat(sealed).matches("[A-Za-z0-9_.-]+");
        assertThat(sealed).doesNotContain("access-token").doesNotContain("user-1");
        assertThat(new String(Base64.getUrlDecoder().decode(sealed.split("\\.")[3]), StandardCharsets.ISO_8859_1))
                .doesNotContain("access-token");
    }

    @Test
    void sealingTwiceGivesDifferentValues() {
        assertThat(sessionA.seal(CLAIMS)).isNotEqualTo(sessionA.seal(CLAIMS));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 4})
    void flippedCharacterInAnyPartOpensAsEmpty(int segment) {
        String sealed = sessionA.seal(CLAIMS);
        String tampered = TestJwts.flipCharAt(sealed, TestJwts.middleOfSegment(sealed, segment));

        assertThat(tampered).isNotEqualTo(sealed);
        assertThat(sessionA.open(tampered)).isEmpty();
    }

    @Test
    void truncatedOrExtendedValueOpensAsEmpty() {
        String sealed = sessionA.seal(CLAIMS);

        assertThat(sessionA.open(sealed.substring(0, sealed.length() - 1))).isEmpty();
        assertThat(sessionA.open(sealed.substring(0, sealed.length() / 2))).isEmpty();
        assertThat(sessionA.open(sealed.substring(0, sealed.lastIndexOf('.')))).isEmpty();
        assertThat(sessionA.open(sealed + "A")).isEmpty();
    }

    @Test
    void valueSealedWithAnotherSecretOpensAsEmpty() {
        String sealedWithB = new CookieCipher(List.of(SECRET_B), "session").seal(CLAIMS);

        assertThat(sessionA.open(sealedWithB)).isEmpty();
    }

    @Test
    void valueSealedForAnotherPurposeOpensAsEmpty() {
        CookieCipher loginA = new CookieCipher(List.of(SECRET_A), "login");

        assertThat(sessionA.open(loginA.seal(CLAIMS))).isEmpty();
        assertThat(loginA.open(sessionA.seal(CLAIMS))).isEmpty();
    }

    @Test
    void loginCookieRelabelledAsSessionCannotBeOpenedBecauseEachPurposeHasItsOwnKey() throws Exception {
        CookieCipher loginA = new CookieCipher(List.of(SECRET_A), "login");
        String kid = EncryptedJWT.parse(loginA.seal(CLAIMS)).getHeader().getKeyID();
        SecretKey loginKey = derivedKey(SECRET_A, "login");

        // control: the key derivation is reproduced correctly, so a value forged with it opens as a login value
        String forgedLogin = encrypt(header(kid, "portcullis-login").build(), loginKey);
        assertThat(loginA.open(forgedLogin)).contains(CLAIMS);

        String relabelled = encrypt(header(kid, "portcullis-session").build(), loginKey);
        assertThat(sessionA.open(relabelled)).isEmpty();
    }

    @Test
    void compressedValueIsRefusedEvenWithTheRightKey() throws Exception {
        String kid = EncryptedJWT.parse(sessionA.seal(CLAIMS)).getHeader().getKeyID();
        SecretKey sessionKey = derivedKey(SECRET_A, "session");

        // control: the forged value without compression opens
        assertThat(sessionA.open(encrypt(header(kid, "portcullis-session").build(), sessionKey))).contains(CLAIMS);

        String compressed = encrypt(header(kid, "portcullis-session").compressionAlgorithm(CompressionAlgorithm.DEF).build(), sessionKey);
        assertThat(sessionA.open(compressed)).isEmpty();
    }

    @Test
    void valueOfAnotherOrNoTypeIsRefusedEvenWithTheRightKey() throws Exception {
        String kid = EncryptedJWT.parse(sessionA.seal(CLAIMS)).getHeader().getKeyID();
        SecretKey sessionKey = derivedKey(SECRET_A, "session");

        assertThat(sessionA.open(encrypt(header(kid, "JWT").build(), sessionKey))).isEmpty();
        assertThat(sessionA.open(encrypt(header(kid, "portcullis-login").build(), sessionKey))).isEmpty();
        assertThat(sessionA.open(encrypt(new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM).keyID(kid).build(), sessionKey)))
                .isEmpty();
    }

    @Test
    void rotatedKeysOpenValuesSealedWithAnyConfiguredSecret() {
        String sealedWithA = sessionA.seal(CLAIMS);

        assertThat(new CookieCipher(List.of(SECRET_B, SECRET_A), "session").open(sealedWithA)).contains(CLAIMS);
        assertThat(new CookieCipher(List.of(SECRET_B), "session").open(sealedWithA)).isEmpty();
    }

    @Test
    void firstSecretSeals() throws Exception {
        CookieCipher rotated = new CookieCipher(List.of(SECRET_B, SECRET_A), "session");
        String sealed = rotated.seal(CLAIMS);

        assertThat(new CookieCipher(List.of(SECRET_B), "session").open(sealed)).contains(CLAIMS);
        assertThat(sessionA.open(sealed)).isEmpty();
        assertThat(EncryptedJWT.parse(sealed).getHeader().getKeyID())
                .isEqualTo(EncryptedJWT.parse(new CookieCipher(List.of(SECRET_B), "session").seal(CLAIMS)).getHeader().getKeyID())
                .isNotEqualTo(EncryptedJWT.parse(sessionA.seal(CLAIMS)).getHeader().getKeyID());
    }

    @Test
    void keyIdRevealsNothingOfTheSecret() throws Exception {
        String kid = EncryptedJWT.parse(sessionA.seal(CLAIMS)).getHeader().getKeyID();

        assertThat(kid).hasSize(12);
        assertThat(Base64.getEncoder().encodeToString(SECRET_A)).doesNotContain(kid);
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET_A)).doesNotContain(kid);
    }

    @Test
    void garbageOpensAsEmpty() {
        RSAKey key = TestJwts.rsaKey("k");
        assertThat(sessionA.open(null)).isEmpty();
        assertThat(sessionA.open("")).isEmpty();
        assertThat(sessionA.open("not-a-jwe")).isEmpty();
        assertThat(sessionA.open("a.b.c.d.e")).isEmpty();
        assertThat(sessionA.open("....")).isEmpty();
        assertThat(sessionA.open(new PlainJWT(CLAIMS).serialize())).isEmpty();
        assertThat(sessionA.open(TestJwts.sign(key, CLAIMS))).isEmpty();
    }

    @Test
    void valueLongerThanTheLimitIsNotParsed() {
        String sealed = sessionA.seal(new JWTClaimsSet.Builder().claim("big", "x".repeat(CookieCipher.MAX_SEALED_LENGTH)).build());

        assertThat(sealed.length()).isGreaterThan(CookieCipher.MAX_SEALED_LENGTH);
        assertThat(sessionA.open(sealed)).isEmpty();
    }

    @Test
    void atLeastOneSecretIsNeeded() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CookieCipher(List.of(), "session"));
    }

    private static JWEHeader.Builder header(String kid, String type) {
        return new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM).keyID(kid).type(new JOSEObjectType(type));
    }

    private static String encrypt(JWEHeader header, SecretKey key) throws Exception {
        EncryptedJWT jwt = new EncryptedJWT(header, CLAIMS);
        jwt.encrypt(new AESEncrypter(key));
        return jwt.serialize();
    }

    /** The documented derivation: HMAC-SHA256(secret, "portcullis/cookie-key/v1/" + purpose). */
    private static SecretKey derivedKey(byte[] secret, String purpose) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return new SecretKeySpec(mac.doFinal(("portcullis/cookie-key/v1/" + purpose).getBytes(StandardCharsets.US_ASCII)), "AES");
    }
}
