package dev.portcullis.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

/**
 * Reads and checks {@code auth.*} values from MicroProfile Config. Every failure is an
 * {@link AuthConfigurationException} naming the key.
 */
final class ConfigValues {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?");

    private final Function<String, Optional<String>> lookup;

    ConfigValues(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    static ConfigValues of(Config config) {
        return new ConfigValues(key -> config.getOptionalValue(key, String.class));
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
        return raw.map(String::trim).filter(v -> !v.isEmpty());
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
