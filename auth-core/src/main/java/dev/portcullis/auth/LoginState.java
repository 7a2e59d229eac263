package dev.portcullis.auth;

import java.time.Instant;

/**
 * What the browser carries between {@code /auth/login} and {@code /auth/callback}, inside the encrypted
 * login-state cookie: nothing of it is kept on the server.
 */
record LoginState(String state, String nonce, String codeVerifier, String provider, ReturnTo returnTo, Instant expiresAt,
                  SignInRequirement requirement) {

    /** A login that asks nothing of the sign-in beyond a valid one. */
    LoginState(String state, String nonce, String codeVerifier, String provider, ReturnTo returnTo, Instant expiresAt) {
        this(state, nonce, codeVerifier, provider, returnTo, expiresAt, SignInRequirement.NONE);
    }

    @Override
    public String toString() {
        return "LoginState[provider=" + provider + ", returnTo=" + returnTo + ", expiresAt=" + expiresAt + "]";
    }
}
