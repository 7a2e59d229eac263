package dev.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Seals {@link LoginState} into the short-lived login-state cookie and opens it again.
 */
final class LoginStateCodec {

    /** Long enough to type a password and pass MFA, short enough that a leaked cookie soon goes stale. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final CookieCipher cipher;
    private final CookieNames names;
    private final boolean secure;

    LoginStateCodec(CookieCipher cipher, CookieNames names, boolean secure) {
        this.cipher = cipher;
        this.names = names;
        this.secure = secure;
    }

    SetCookie write(LoginState state) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("st", state.state())
                .claim("nn", state.nonce())
                .claim("cv", state.codeVerifier())
                .claim("prv", state.provider())
                .claim("rt", state.returnTo().path())
                .expirationTime(Date.from(state.expiresAt()))
                .build();
        return new SetCookie(names.loginState(), cipher.seal(claims), Optional.of(LIFETIME), secure);
    }

    /** The login state, whether or not it has expired; empty when absent or unreadable. */
    Optional<LoginState> read(String cookieValue) {
        return cipher.open(cookieValue).flatMap(claims -> {
            try {
                String state = claims.getStringClaim("st");
                String nonce = claims.getStringClaim("nn");
                String verifier = claims.getStringClaim("cv");
                String provider = claims.getStringClaim("prv");
                String returnTo = claims.getStringClaim("rt");
                Date exp = claims.getExpirationTime();
                if (state == null || nonce == null || verifier == null || provider == null || exp == null) {
                    return Optional.empty();
                }
                return Optional.of(new LoginState(state, nonce, verifier, provider, ReturnTo.parse(returnTo), exp.toInstant()));
            } catch (java.text.ParseException e) {
                return Optional.empty();
            }
        });
    }

    SetCookie delete() {
        return SetCookie.delete(names.loginState(), secure);
    }

    String cookieName() {
        return names.loginState();
    }

    boolean expired(LoginState state, Instant now) {
        return !state.expiresAt().isAfter(now);
    }
}
