package dev.portcullis.helidon;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of the debug output of Helidon's own HTTP and security loggers. At FINE and below, Helidon
 * prints whole requests and responses (with {@code Cookie}, {@code Set-Cookie} and {@code Authorization} headers)
 * and request URIs (with the callback's {@code code} and {@code state}); an operator who turns those levels on to
 * debug something must not get a log full of sessions. Each record of those loggers is formatted and its credentials
 * replaced by {@code [redacted]} before any handler sees it.
 */
final class SensitiveLogRedaction implements Filter {

    /** The loggers that print headers or URIs; each needs its own filter (java.util.logging filters do not inherit). */
    private static final List<String> LOGGERS = List.of(
            // a request it refuses (a query that is not percent-encoding, say), with its whole query, at FINE
            "io.helidon.webserver.http1.Http1Connection",
            "io.helidon.webserver.http1.Http1LoggingConnectionListener.recv",
            "io.helidon.webserver.http1.Http1LoggingConnectionListener.send",
            "io.helidon.microprofile.security.SecurityFilter",
            "io.helidon.microprofile.security.SecurityPreMatchingFilter",
            "io.helidon.security.Security",
            "io.helidon.webserver.security.SecurityHttpFeature");

    private static final Pattern HEADER_LINE = Pattern.compile(
            "(?im)^(\\s*(?:cookie|set-cookie|authorization|proxy-authorization)\\s*:\\s*).*$");
    private static final Pattern HEADER_ENTRY = Pattern.compile(
            "(?i)\\b(cookie|set-cookie|authorization|proxy-authorization)=\\[[^\\]]*]");
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)\\b(code|state|nonce|id_token_hint|id_token|access_token|refresh_token|client_secret|code_verifier|token)"
                    + "=[^&\\s#,;\\]\"']*");
    private static final Pattern JOSE = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*){1,4}");

    /** Strong references: java.util.logging forgets a logger nobody holds, and its filter with it. */
    private static final List<Logger> FILTERED = LOGGERS.stream().map(Logger::getLogger).toList();

    private final Formatter formatter = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return formatMessage(record);
        }
    };

    /** The application's own filter of the logger, if it had one: asked after the redaction. */
    private final Filter next;

    private SensitiveLogRedaction(Filter next) {
        this.next = next;
    }

    /**
     * Installs the redaction on Helidon's loggers that print headers or URIs, in front of any filter the application
     * put there (which then sees the redacted record). Installed once: a logger that has it already keeps it.
     */
    static void install() {
        for (Logger logger : FILTERED) {
            Filter present = logger.getFilter();
            if (!(present instanceof SensitiveLogRedaction)) {
                logger.setFilter(new SensitiveLogRedaction(present));
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        record.setMessage(redact(formatter.formatMessage(record)));
        record.setParameters(null);
        if (record.getThrown() != null && record.getThrown().getMessage() != null) {
            record.setThrown(new RedactedException(redact(record.getThrown().toString()), record.getThrown().getStackTrace()));
        }
        return next == null || next.isLoggable(record);
    }

    /** Replaces credentials in a text: header values, token parameters, anything shaped like a JWT or JWE. */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = HEADER_LINE.matcher(text).replaceAll("$1[redacted]");
        redacted = HEADER_ENTRY.matcher(redacted).replaceAll("$1=[redacted]");
        redacted = PARAMETER.matcher(redacted).replaceAll("$1=[redacted]");
        return JOSE.matcher(redacted).replaceAll("[redacted]");
    }

    /** Stands for an exception whose message held a credential. */
    private static final class RedactedException extends RuntimeException {
        RedactedException(String description, StackTraceElement[] stackTrace) {
            super(description, null, false, true);
            setStackTrace(stackTrace);
        }
    }
}
