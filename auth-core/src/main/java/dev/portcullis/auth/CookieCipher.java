package dev.portcullis.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Seals claims into a compact JWE and opens them again: {@code A256KW} wraps a fresh random content key per
 * cookie, which {@code A256GCM} (AES-GCM) uses to encrypt and authenticate. A fresh key per cookie keeps
 * AES-GCM's limit of about 2^32 random nonces per key out of reach however many cookies one secret seals. One instance per purpose (session, login state): each purpose derives its own key
 * from every configured secret, and stamps and checks its own {@code typ}, so a cookie of one purpose can
 * never be read as the other.
 * <p>
 * Key rotation: the first secret seals; every secret opens, found by its {@code kid}.
 */
final class CookieCipher {

    /** Far above any real session, far below what would make parsing expensive. */
    static final int MAX_SEALED_LENGTH = 24 * 1024;

    private final JOSEObjectType type;
    private final String sealingKid;
    private final AESEncrypter encrypter;
    private final Map<String, AESDecrypter> decrypters;

    CookieCipher(List<byte[]> secrets, String purpose) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        this.type = new JOSEObjectType("portcullis-" + purpose);
        Map<String, AESDecrypter> byKid = new LinkedHashMap<>();
        String firstKid = null;
        AESEncrypter first = null;
        try {
            for (byte[] secret : secrets) {
                // HMAC-SHA256 as a PRF: one 256-bit key-wrapping key per (secret, purpose), and a key id that tells
                // which secret sealed a cookie without revealing anything about it
                SecretKey key = new SecretKeySpec(prf(secret, "portcullis/cookie-key/v1/" + purpose), "AES");
                String kid = Base64URL.encode(java.util.Arrays.copyOf(prf(secret, "portcullis/cookie-kid/v1"), 9)).toString();
                byKid.putIfAbsent(kid, new AESDecrypter(key));
                if (first == null) {
                    first = new AESEncrypter(key);
                    firstKid = kid;
                }
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap or AES-256-GCM is not available in this JVM", e);
        }
        this.encrypter = first;
        this.sealingKid = firstKid;
        this.decrypters = Map.copyOf(byKid);
    }

    /**
     * Seals claims with the first secret.
     */
    String seal(JWTClaimsSet claims) {
        JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM)
                .keyID(sealingKid)
                .type(type)
                .build();
        EncryptedJWT jwt = new EncryptedJWT(header, claims);
        try {
            jwt.encrypt(encrypter);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt cookie", e);
        }
        return jwt.serialize();
    }

    /**
     * Opens a sealed value. Any problem at all (truncation, a flipped bit, an unknown key id, another
     * purpose, another algorithm) gives empty: callers treat every such cookie the same, as absent.
     */
    Optional<JWTClaimsSet> open(String sealed) {
        if (sealed == null || sealed.isEmpty() || sealed.length() > MAX_SEALED_LENGTH) {
            return Optional.empty();
        }
        try {
            EncryptedJWT jwt = EncryptedJWT.parse(sealed);
            JWEHeader header = jwt.getHeader();
            if (!JWEAlgorithm.A256KW.equals(header.getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
                    || !type.equals(header.getType())
                    || header.getCompressionAlgorithm() != null
                    || header.getCriticalParams() != null) {
                return Optional.empty();
            }
            AESDecrypter decrypter = header.getKeyID() == null ? null : decrypters.get(header.getKeyID());
            if (decrypter == null) {
                return Optional.empty();
            }
            jwt.decrypt(decrypter);
            return Optional.of(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] prf(byte[] secret, String label) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
    }
}
