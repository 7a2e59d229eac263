package dev.portcullis.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code Set-Cookie} header this module asks the host to send. Every cookie is {@code HttpOnly},
 * {@code SameSite=Lax} and {@code Path=/}, and {@code Secure} when the service is served over https.
 * Its {@link #toString()} never shows the value.
 *
 * @param name   the cookie name
 * @param value  the value (base64url and dots only), empty when the cookie is being deleted
 * @param maxAge how long the browser keeps it; empty for a browser-session cookie, zero to delete it
 * @param secure whether to add {@code Secure}
 */
public record SetCookie(String name, String value, Optional<Duration> maxAge, boolean secure) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._~-]*");

    /**
     * Checks name and value against RFC 6265.
     *
     * @param name   name
     * @param value  value
     * @param maxAge max age
     * @param secure secure flag
     */
    public SetCookie {
        Objects.requireNonNull(maxAge, "maxAge");
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a cookie name: " + name);
        }
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("cookie value must be base64url");
        }
    }

    /**
     * A cookie that deletes the named one.
     *
     * @param name   the cookie to delete
     * @param secure whether to add {@code Secure}
     * @return the deleting cookie
     */
    public static SetCookie delete(String name, boolean secure) {
        return new SetCookie(name, "", Optional.of(Duration.ZERO), secure);
    }

    /**
     * The header value, for {@code Set-Cookie: ...}.
     *
     * @return for example {@code __Host-portcullis=...; Path=/; Secure; HttpOnly; SameSite=Lax}
     */
    public String headerValue() {
        StringBuilder header = new StringBuilder(name.length() + value.length() + 64)
                .append(name).append('=').append(value).append("; Path=/");
        maxAge.ifPresent(age -> header.append("; Max-Age=").append(age.toSeconds()));
        if (secure) {
            header.append("; Secure");
        }
        return header.append("; HttpOnly; SameSite=Lax").toString();
    }

    /**
     * Whether this cookie deletes its name.
     *
     * @return whether the max age is zero
     */
    public boolean deletes() {
        return maxAge.filter(Duration::isZero).isPresent();
    }

    @Override
    public String toString() {
        return "SetCookie[" + name + (deletes() ? ", delete" : "") + "]";
    }
}
