package dev.portcullis.auth;

import java.security.SecureRandom;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Keys, secrets and signed tokens made up by the tests themselves. */
final class TestJwts {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestJwts() {
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RS256 JWT with typ JWT and the key's kid. */
    static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    }

    static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A session secret as it is configured: standard base64 of 32 random bytes. */
    static String base64Secret() {
        return Base64.getEncoder().encodeToString(randomBytes(32));
    }

    /** A string of the given length over the base64url alphabet, as an opaque token would be. */
    static String opaqueToken(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(length)).substring(0, length);
    }

    /** The same text with one character replaced by another base64url character. */
    static String flipCharAt(String text, int index) {
        char replacement = text.charAt(index) == 'A' ? 'B' : 'A';
        return text.substring(0, index) + replacement + text.substring(index + 1);
    }

    /** The index of the middle character of one dot-separated segment of a compact JOSE serialization. */
    static int middleOfSegment(String compact, int segment) {
        int start = 0;
        for (int i = 0; i < segment; i++) {
            start = compact.indexOf('.', start) + 1;
        }
        int end = compact.indexOf('.', start);
        if (end < 0) {
            end = compact.length();
        }
        if (end - start < 2) {
            throw new IllegalArgumentException("segment " + segment + " is too short to alter");
        }
        return start + (end - start) / 2;
    }
}
