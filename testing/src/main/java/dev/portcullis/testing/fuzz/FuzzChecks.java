package dev.portcullis.testing.fuzz;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every answer to a fuzzed request must be, and what no log line may hold.
 */
public final class FuzzChecks {

    /** The largest body a refusal may have: a short JSON or HTML page, never the request echoed back. */
    public static final int MAX_REFUSAL_BODY = 4096;

    /** A Java stack trace or exception name, as a body would show one. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\([^)]*\\)|\\.java:\\d+\\)|Caused by: |\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*(Exception|Error)\\b");

    private FuzzChecks() {
    }

    /**
     * Fails unless the answer is not a 5xx, shows no stack trace, echoes no secret, and (when a 4xx) is short.
     *
     * @param target  the application, for its secrets
     * @param request the request, for the message
     * @param answer  the answer
     */
    public static void assertClean(FuzzTarget target, Object request, FuzzAnswer answer) {
        if (answer.status() < 100 || answer.status() >= 500) {
            throw new AssertionError("a " + answer.status() + " (no bad input may get a 5xx)\n  request: " + request + "\n  answer: " + answer);
        }
        if (STACK_TRACE.matcher(answer.body()).find()) {
            throw new AssertionError("a stack trace in the body\n  request: " + request + "\n  answer: " + answer);
        }
        for (String secret : target.secrets()) {
            if (answer.body().contains(secret)) {
                throw new AssertionError("a secret (" + FuzzRequest.abbreviate(secret) + ") echoed in the body\n  request: " + request
                        + "\n  answer: " + answer);
            }
        }
        if (answer.status() >= 400 && answer.body().length() > MAX_REFUSAL_BODY) {
            throw new AssertionError("a refusal of " + answer.body().length() + " characters (at most " + MAX_REFUSAL_BODY
                    + ")\n  request: " + request + "\n  answer: " + answer);
        }
    }

    /**
     * Fails unless a refusal (a 4xx) has a body with a content type: a short JSON or HTML message, not an empty answer.
     *
     * @param request the request, for the message
     * @param answer  the answer
     */
    public static void assertExplained(Object request, FuzzAnswer answer) {
        if (answer.status() >= 400 && (answer.body().isBlank() || answer.header("Content-Type") == null)) {
            throw new AssertionError("a " + answer.status() + " without a message\n  request: " + request + "\n  answer: " + answer);
        }
    }

    /**
     * Fails when a log line captured since the target was made holds one of its secrets.
     *
     * @param target        the application
     * @param loggersExempt loggers whose lines are not searched (each a known leak, pending its fix)
     */
    public static void assertNoSecretLogged(FuzzTarget target, Set<String> loggersExempt) {
        List<String> lines = target.logLines().stream()
                .filter(line -> loggersExempt.stream().noneMatch(logger -> line.startsWith(logger + " ")))
                .toList();
        for (String secret : target.secrets()) {
            for (String line : lines) {
                if (line.contains(secret)) {
                    int at = line.indexOf(secret);
                    throw new AssertionError("a log line holds a secret (" + FuzzRequest.abbreviate(secret) + "): "
                            + line.substring(0, Math.min(line.length(), 200)) + " … " + line.substring(Math.max(0, at - 200), Math.min(line.length(), at + 100)));
                }
            }
        }
    }
}
