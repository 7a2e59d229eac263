package dev.portcullis.auth;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The exact Set-Cookie header values this module asks the host to send. */
class SetCookieTest {

    @Test
    void secureCookieWithMaxAgeHasAllAttributesInOrder() {
        SetCookie cookie = new SetCookie("__Host-portcullis-login", "abc.DEF_-~", Optional.of(Duration.ofMinutes(10)), true);

        assertThat(cookie.headerValue())
                .isEqualTo("__Host-portcullis-login=abc.DEF_-~; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void browserSessionCookieHasNoMaxAge() {
        SetCookie cookie = new SetCookie("portcullis", "v", Optional.empty(), false);

        assertThat(cookie.headerValue()).isEqualTo("portcullis=v; Path=/; HttpOnly; SameSite=Lax");
        assertThat(cookie.deletes()).isFalse();
    }

    @Test
    void deletionHasEmptyValueAndMaxAgeZero() {
        SetCookie insecure = SetCookie.delete("portcullis.1", false);
        SetCookie secure = SetCookie.delete("__Host-portcullis", true);

        assertThat(insecure.headerValue()).isEqualTo("portcullis.1=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(secure.headerValue()).isEqualTo("__Host-portcullis=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertThat(insecure.deletes()).isTrue();
        assertThat(insecure.value()).isEmpty();
        assertThat(insecure.maxAge()).contains(Duration.ZERO);
    }

    @Test
    void maxAgeIsInWholeSeconds() {
        SetCookie cookie = new SetCookie("n", "v", Optional.of(Duration.ofMillis(90_500)), false);

        assertThat(cookie.headerValue()).isEqualTo("n=v; Path=/; Max-Age=90; HttpOnly; SameSite=Lax");
        assertThat(cookie.deletes()).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a b", "a;b", "a=b", "a,b", "a\"b", "a(b)", "a/b", "a\tb", "a\nb", "caf\u00e9", "a:b", "[a]"})
    void invalidNameIsRejected(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> new SetCookie(name, "v", Optional.empty(), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a b", "a,b", "\"x\"", "a=b", "a+b/c", "a\\b", "a\r\nSet-Cookie: x", "caf\u00e9"})
    void invalidValueIsRejected(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new SetCookie("n", value, Optional.empty(), false));
    }

    @Test
    void nullValueIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SetCookie("n", null, Optional.empty(), false));
    }

    @Test
    void nullMaxAgeIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> new SetCookie("n", "v", null, false));
    }

    @Test
    void toStringNeverShowsTheValue() {
        SetCookie cookie = new SetCookie("portcullis", "secretvalue123", Optional.empty(), true);

        assertThat(cookie.toString()).isEqualTo("SetCookie[portcullis]").doesNotContain("secretvalue123");
        assertThat(SetCookie.delete("portcullis", true)).hasToString("SetCookie[portcullis, delete]");
    }
}
