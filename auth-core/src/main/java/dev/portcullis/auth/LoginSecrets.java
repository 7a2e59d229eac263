package dev.portcullis.auth;

import java.security.SecureRandom;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;

/**
 * The random values of a login (state, nonce, PKCE verifier: 256 bits each), from one generator this module owns so
 * that it can be replaced after a SnapStart restore: every instance restored from the same snapshot would otherwise
 * continue the same generator state.
 */
final class LoginSecrets {

    private static final int BYTES = 32;

    private volatile SecureRandom random = new SecureRandom();

    State state() {
        return new State(next());
    }

    Nonce nonce() {
        return new Nonce(next());
    }

    CodeVerifier codeVerifier() {
        // 32 random bytes are 43 base64url characters: the minimum length and full entropy of RFC 7636 4.1
        return new CodeVerifier(next());
    }

    /** A fresh generator, seeded from the operating system now. */
    void reseed() {
        random = new SecureRandom();
    }

    SecureRandom random() {
        return random;
    }

    private String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64URL.encode(bytes).toString();
    }
}
