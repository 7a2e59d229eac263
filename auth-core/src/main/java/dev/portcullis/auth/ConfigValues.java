package dev.portcullis.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

/**
 * Reads and checks {@code auth.*} values from MicroProfile Config. Every failure is an
 * {@link AuthConfigurationException} naming the key.
 */
final class ConfigValues {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    /** The prefix of a value that names a secret in AWS Secrets Manager, which a configuration filter replaces. */
    private static final String AWS_SECRET_REFERENCE = "aws-secretsmanager:";
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?");

    private final Function<String, Optional<String>> lookup;
    private final Supplier<Iterable<String>> names;

    ConfigValues(Function<String, Optional<String>> lookup) {
        this(lookup, List::of);
    }

    ConfigValues(Function<String, Optional<String>> lookup, Supplier<Iterable<String>> names) {
        this.lookup = lookup;
        this.names = names;
    }

    static ConfigValues of(Config config) {
        return new ConfigValues(key -> config.getOptionalValue(key, String.class), config::getPropertyNames);
    }

    /**
     * The values of every key under a prefix, by the rest of the key: for settings named by the application, such as
     * {@code auth.<name>.authorize-params.<param>}.
     *
     * @param prefix the prefix, ending in a dot
     * @return the values set, in key order
     */
    SortedMap<String, String> under(String prefix) {
        SortedMap<String, String> found = new TreeMap<>();
        for (String name : names.get()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                value(name).ifPresent(value -> found.put(name.substring(prefix.length()), value));
            }
        }
        return found;
    }

    Optional<String> value(String key) {
        Optional<String> raw;
        try {
            raw = lookup.apply(key);
        } catch (IllegalArgumentException e) {
            // MicroProfile Config's own errors (a ${...} expression that does not resolve) quote the raw value, which may
            // be a secret: name the kind of failure only
            throw new AuthConfigurationException(key, "could not be read (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            // a value that names a secret whose store could not be read: the message names the secret, not its value
            throw new AuthConfigurationException(key, "could not be read: " + e.getMessage());
        }
        Optional<String> value = raw.map(String::trim).filter(v -> !v.isEmpty());
        if (value.isPresent() && value.get().startsWith(AWS_SECRET_REFERENCE)) {
            // no resolver replaced the reference: used as it is, its text would become the secret (or the setting). The
            // message names the key, never the value, which names the secret
            throw new AuthConfigurationException(key, "names a secret in AWS Secrets Manager, but no resolver for "
                    + AWS_SECRET_REFERENCE + " values is installed (add dev.portcullis:portcullis-secrets-aws)");
        }
        return value;
    }

    String require(String key) {
        return value(key).orElseThrow(() -> new AuthConfigurationException(key, "is required but not set"));
    }

    List<String> list(String key) {
        return value(key).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    Optional<URI> url(String key) {
        return value(key).map(v -> checkedUrl(key, v));
    }

    Optional<URI> hostOrUrl(String key) {
        return value(key).map(v -> {
            if (v.contains("://")) {
                return checkedUrl(key, v);
            }
            if (!HOST.matcher(v).matches()) {
                throw new AuthConfigurationException(key, "must be a host name such as login.example.com or a URL such as https://login.example.com");
            }
            return checkedUrl(key, "https://" + v);
        });
    }

    Duration duration(String key, Duration defaultValue) {
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String v = raw.get();
        try {
            Duration d = v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new AuthConfigurationException(key, "must not be negative");
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new AuthConfigurationException(key, "must be a number of seconds or an ISO-8601 duration such as PT5M");
        }
    }

    boolean flag(String key, boolean defaultValue) {
        return value(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new AuthConfigurationException(key, "must be true or false");
        }).orElse(defaultValue);
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.get());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        throw new AuthConfigurationException(key, "must be a whole number from " + min + " to " + max);
    }

    /**
     * A path under which this service serves something of its own, such as {@code /auth}: below the root, with
     * nothing to append to it but more path, and no spelling that a later hop could read as another path.
     */
    String basePath(String key, String defaultValue) {
        String path = value(key).orElse(defaultValue);
        if (!path.startsWith("/")) {
            throw new AuthConfigurationException(key, "must start with /, such as /auth");
        }
        if (path.equals("/")) {
            throw new AuthConfigurationException(key, "must be a path below the root, such as /auth, not / alone");
        }
        if (path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c))) {
            throw new AuthConfigurationException(key, "must not contain whitespace or control characters");
        }
        if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            throw new AuthConfigurationException(key, "must not contain a query or a fragment");
        }
        if (path.endsWith("/")) {
            throw new AuthConfigurationException(key, "must not end with /");
        }
        if (path.contains("..")) {
            throw new AuthConfigurationException(key, "must not contain ..");
        }
        if (path.contains("//")) {
            throw new AuthConfigurationException(key, "must not contain an empty segment (//)");
        }
        // RFC 3986's unreserved characters only: no percent-encoding that could hide a .. or a /, no ; or = that a
        // server may read as path parameters
        if (!BASE_PATH.matcher(path).matches()) {
            throw new AuthConfigurationException(key, "may contain only ASCII letters, digits, -, ., _, ~ and /");
        }
        return path;
    }

    /**
     * A path of this service to send a browser to, such as {@code /home}: safe by the rule of {@link ReturnTo}, and
     * written the way that rule would send it (percent-encoded, without a fragment), so that what is configured is
     * exactly what is used.
     */
    Optional<ReturnTo> localPath(String key) {
        return value(key).map(path -> ReturnTo.local(path).filter(local -> local.path().equals(path))
                .orElseThrow(() -> new AuthConfigurationException(key, "must be a path of this service, such as /home: one "
                        + "leading /, no scheme or host, no backslash, fragment, whitespace or control character, and "
                        + "non-ASCII characters percent-encoded")));
    }

    /**
     * Keys given as a comma-separated list of base64 (or base64url) values, in order, each counted once, each at least
     * {@code minBytes} long. A key is named by its position, never shown.
     */
    List<byte[]> keys(String key, int minBytes) {
        List<byte[]> keys = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String item : require(key).split(",")) {
            String encoded = item.trim();
            if (encoded.isEmpty() || !seen.add(encoded)) {
                continue;
            }
            byte[] decoded;
            try {
                decoded = encoded.contains("-") || encoded.contains("_")
                        ? Base64.getUrlDecoder().decode(encoded)
                        : Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new AuthConfigurationException(key, "key " + (keys.size() + 1)
                        + " is not base64 (generate one with: openssl rand -base64 " + minBytes + ")");
            }
            if (decoded.length < minBytes) {
                throw new AuthConfigurationException(key, "key " + (keys.size() + 1) + " has " + decoded.length * 8
                        + " bits; at least " + minBytes * 8 + " are needed (openssl rand -base64 " + minBytes + ")");
            }
            keys.add(decoded);
        }
        if (keys.isEmpty()) {
            throw new AuthConfigurationException(key, "is required but not set");
        }
        return List.copyOf(keys);
    }

    /**
     * An absolute URL with {@code https}, or {@code http} only to loopback; no user info, query or fragment;
     * a trailing slash is kept (issuers are compared exactly).
     */
    static URI checkedUrl(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new AuthConfigurationException(key, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
            throw new AuthConfigurationException(key, "must be an absolute URL such as https://login.example.com");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new AuthConfigurationException(key, "must not contain user info, a query or a fragment");
        }
        if (scheme.equals("http")) {
            if (!isLoopback(uri.getHost())) {
                throw new AuthConfigurationException(key, "must use https (plain http is allowed only for localhost and 127.0.0.1)");
            }
        } else if (!scheme.equals("https")) {
            throw new AuthConfigurationException(key, "must use https");
        }
        return uri;
    }

    /** A base URL to append paths to: without its trailing slash. */
    static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    /** Loopback by name or literal only: no DNS lookup at start-up. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches()
                || h.equals("[::1]") || h.equals("::1");
    }
}
