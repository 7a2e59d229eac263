package dev.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The short-lived login-state cookie carries state, nonce, PKCE verifier, provider and return path to the callback. */
class LoginStateCodecTest {

    private static final Instant EXPIRES = Instant.parse("2025-03-01T10:10:00Z");
    private static final byte[] SECRET = TestJwts.randomBytes(32);
    private static final byte[] OTHER_SECRET = TestJwts.randomBytes(32);

    private final CookieCipher cipher = new CookieCipher(List.of(SECRET), "login");
    private final LoginStateCodec codec = new LoginStateCodec(cipher, new CookieNames(false), false);
    private final LoginState state = new LoginState("state-1", "nonce-1", "verifier-1", "test", ReturnTo.parse("/api/me?x=1"), EXPIRES);

    @Test
    void loginStateRoundTrips() {
        SetCookie cookie = codec.write(state);

        assertThat(codec.read(cookie.value())).contains(state);
    }

    @Test
    void cookieLivesTenMinutesAndIsHttpOnlyLax() {
        SetCookie cookie = codec.write(state);

        assertThat(cookie.name()).isEqualTo("portcullis-login").isEqualTo(codec.cookieName());
        assertThat(cookie.maxAge()).contains(Duration.ofMinutes(10));
        assertThat(cookie.headerValue()).isEqualTo("portcullis-login=" + cookie.value() + "; Path=/; Max-Age=600; HttpOnly; SameSite=Lax");
    }

    @Test
    void secureCookieHasHostPrefixAndSecure() {
        LoginStateCodec secure = new LoginStateCodec(cipher, new CookieNames(true), true);

        SetCookie cookie = secure.write(state);

        assertThat(secure.cookieName()).isEqualTo("__Host-portcullis-login");
        assertThat(cookie.headerValue())
                .isEqualTo("__Host-portcullis-login=" + cookie.value() + "; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Lax");
        assertThat(secure.delete().headerValue())
                .isEqualTo("__Host-portcullis-login=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void deleteRemovesTheCookie() {
        SetCookie delete = codec.delete();

        assertThat(delete.deletes()).isTrue();
        assertThat(delete.headerValue()).isEqualTo("portcullis-login=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    @Test
    void cookieValueRevealsNoneOfTheSecrets() {
        String value = codec.write(state).value();

        assertThat(value).doesNotContain("state-1").doesNotContain("nonce-1").doesNotContain("verifier-1");
    }

    @Test
    void tamperedTruncatedOrMissingValueReadsAsEmpty() {
        String value = codec.write(state).value();

        assertThat(codec.read(TestJwts.flipCharAt(value, TestJwts.middleOfSegment(value, 3)))).isEmpty();
        assertThat(codec.read(value.substring(0, value.length() - 3))).isEmpty();
        assertThat(codec.read(null)).isEmpty();
        assertThat(codec.read("")).isEmpty();
    }

    @Test
    void valueSealedWithAnotherSecretReadsAsEmpty() {
        LoginStateCodec other = new LoginStateCodec(new CookieCipher(List.of(OTHER_SECRET), "login"), new CookieNames(false), false);

        assertThat(codec.read(other.write(state).value())).isEmpty();
    }

    @Test
    void valueSealedForTheSessionPurposeReadsAsEmpty() {
        LoginStateCodec sealedAsSession = new LoginStateCodec(new CookieCipher(List.of(SECRET), "session"), new CookieNames(false), false);
        String value = sealedAsSession.write(state).value();
        assertThat(sealedAsSession.read(value)).contains(state);

        assertThat(codec.read(value)).isEmpty();
    }

    @Test
    void rotatedSecretsStillReadTheOldLoginState() {
        LoginStateCodec rotated = new LoginStateCodec(new CookieCipher(List.of(OTHER_SECRET, SECRET), "login"), new CookieNames(false), false);

        assertThat(rotated.read(codec.write(state).value())).contains(state);
    }

    @Test
    void expiredLoginStateIsStillReadButReportedExpired() {
        String value = codec.write(state).value();

        LoginState read = codec.read(value).orElseThrow();

        assertThat(codec.expired(read, EXPIRES.minusSeconds(1))).isFalse();
        assertThat(codec.expired(read, EXPIRES)).isTrue();
        assertThat(codec.expired(read, EXPIRES.plus(Duration.ofDays(1)))).isTrue();
    }

    @Test
    void incompleteLoginStateReadsAsEmpty() {
        JWTClaimsSet complete = new JWTClaimsSet.Builder()
                .claim("st", "s").claim("nn", "n").claim("cv", "v").claim("prv", "test").claim("rt", "/x")
                .expirationTime(Date.from(EXPIRES)).build();
        assertThat(codec.read(cipher.seal(complete))).isPresent();

        for (String missing : List.of("st", "nn", "cv", "prv", "exp")) {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder(complete);
            builder.claim(missing, null);
            assertThat(codec.read(cipher.seal(builder.build()))).as("without %s", missing).isEmpty();
        }
    }

    @Test
    void unsafeReturnPathInsideTheCookieBecomesRoot() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("st", "s").claim("nn", "n").claim("cv", "v").claim("prv", "test").claim("rt", "//evil.example/")
                .expirationTime(Date.from(EXPIRES)).build();

        assertThat(codec.read(cipher.seal(claims)).orElseThrow().returnTo()).isEqualTo(ReturnTo.ROOT);
    }

    @Test
    void toStringShowsNoStateNonceOrVerifier() {
        assertThat(state.toString()).doesNotContain("state-1").doesNotContain("nonce-1").doesNotContain("verifier-1");
    }
}
