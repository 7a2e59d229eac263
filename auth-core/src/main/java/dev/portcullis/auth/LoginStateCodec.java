package dev.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("st", state.state())
                .claim("nn", state.nonce())
                .claim("cv", state.codeVerifier())
                .claim("prv", state.provider())
                .claim("rt", state.returnTo().path())
                .expirationTime(Date.from(state.expiresAt()));
        // what the sign-in was asked to be, for the callback to check the ID token against
        state.requirement().maxAge().ifPresent(age -> claims.claim("ma", age.toSeconds()));
        if (!state.requirement().acrValues().isEmpty()) {
            claims.claim("acr", state.requirement().acrValues());
        }
        return new SetCookie(names.loginState(), cipher.seal(claims.build()), Optional.of(LIFETIME), secure);
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
                Long maxAge = claims.getLongClaim("ma");
                List<String> acr = claims.getStringListClaim("acr");
                SignInRequirement requirement = new SignInRequirement(Optional.ofNullable(maxAge).map(Duration::ofSeconds),
                        acr == null ? List.of() : acr);
                return Optional.of(new LoginState(state, nonce, verifier, provider, ReturnTo.parse(returnTo), exp.toInstant(), requirement));
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
