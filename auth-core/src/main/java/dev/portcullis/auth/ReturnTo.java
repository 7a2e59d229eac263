package dev.portcullis.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where to send the browser after sign-in: a path inside this service, never another origin. A value that
 * is not a plain absolute path ({@code https://evil}, {@code //evil}, {@code /\evil}, {@code javascript:},
 * control characters, ...) becomes {@code /}. Cannot hold an unsafe value.
 */
public final class ReturnTo {

    /** The application root. */
    public static final ReturnTo ROOT = new ReturnTo("/");

    private static final int MAX_LENGTH = 2048;

    private final String path;

    private ReturnTo(String path) {
        this.path = path;
    }

    /**
     * Parses a requested return path.
     *
     * @param requested the {@code return_to} value as received, may be null
     * @return the same path when it is safe, else {@link #ROOT}
     */
    public static ReturnTo parse(String requested) {
        return local(requested).orElse(ROOT);
    }

    /**
     * A requested return path when it is safe: a path inside this service.
     *
     * @param requested the value as received or configured, may be null
     * @return the path, percent-encoded where it was not ASCII and without its fragment; empty when it is not safe
     */
    static Optional<ReturnTo> local(String requested) {
        if (requested == null || requested.isEmpty() || requested.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        // a path that starts with exactly one slash, with no backslash anywhere (browsers read it as a slash), and
        // no control, whitespace or invisible formatting character; other non-ASCII text is kept, percent-encoded
        if (requested.charAt(0) != '/' || requested.startsWith("//") || requested.indexOf('\\') >= 0
                || requested.codePoints().anyMatch(ReturnTo::isUnsafeCharacter)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(new URI(requested).toASCIIString());
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/") || uri.getRawPath().startsWith("//")) {
                return Optional.empty();
            }
            // drop the fragment: it is the browser's business
            String safe = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            // percent-encoded slashes or backslashes at the start could be decoded by a later hop into //evil
            String head = safe.length() > 4 ? safe.substring(0, 4).toLowerCase(java.util.Locale.ROOT) : safe.toLowerCase(java.util.Locale.ROOT);
            if (head.startsWith("/%2f") || head.startsWith("/%5c")) {
                return Optional.empty();
            }
            return Optional.of(new ReturnTo(safe));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean isUnsafeCharacter(int c) {
        int type = Character.getType(c);
        return c <= ' ' || c == 0x7f || Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }

    /**
     * The path with query, relative to the service's base URL.
     *
     * @return for example {@code /api/me}
     */
    public String path() {
        return path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReturnTo that && path.equals(that.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
