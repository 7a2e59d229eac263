package dev.portcullis.testing.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

/**
 * The application a fuzz suite sends its requests to: its paths, a guarded path, a real session and bearer token of
 * one user (sent among the generated values, and asked for again afterwards to prove the session still works), the
 * values no log line and no answer body may contain, and the log lines captured since the target was made.
 */
public final class FuzzTarget implements AutoCloseable {

    private final List<String> paths;
    private final String guardedPath;
    private final Map<String, String> sessionCookies;
    private final String bearerToken;
    private final List<String> secrets;
    private final LogCapture logs;
    private final AtomicInteger sent = new AtomicInteger();

    private FuzzTarget(List<String> paths, String guardedPath, Map<String, String> sessionCookies, String bearerToken) {
        this.paths = List.copyOf(paths);
        this.guardedPath = guardedPath;
        this.sessionCookies = new LinkedHashMap<>(sessionCookies);
        this.bearerToken = bearerToken;
        List<String> all = new ArrayList<>(sessionCookies.values());
        all.add(bearerToken);
        all.add(EmbeddedProvider.CLIENT_SECRET);
        all.add(HttpFuzz.SECRET_MARK);
        this.secrets = List.copyOf(all);
        this.logs = LogCapture.start();
    }

    /**
     * The application a test provider configures, signed in as one user; log capture starts now.
     *
     * @param provider    the test provider
     * @param user        the user whose session and token the requests carry
     * @param guardedPath a path that answers the user 200 (with {@code Accept: application/json}), only when signed in
     * @param paths       every path of the application to fuzz
     * @return the target; close it to stop capturing logs
     */
    public static FuzzTarget of(TestProvider provider, TestUser user, String guardedPath, List<String> paths) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String pair : provider.sessionCookie(user).split("; ")) {
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new FuzzTarget(paths, guardedPath, cookies, provider.bearerToken(user));
    }

    /** {@return the paths to fuzz} */
    public List<String> paths() {
        return paths;
    }

    /** {@return the path that answers 200 to the real session and the real token} */
    public String guardedPath() {
        return guardedPath;
    }

    /** {@return the real session's cookies by name, in order} */
    public Map<String, String> sessionCookies() {
        return Map.copyOf(sessionCookies);
    }

    /** {@return the real session as a {@code Cookie} header value} */
    public String sessionCookieHeader() {
        return String.join("; ", sessionCookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).toList());
    }

    /** {@return the real access token} */
    public String bearerToken() {
        return bearerToken;
    }

    /**
     * {@return the values no log line and no answer body may contain: the session's cookie values, the bearer token,
     * the client secret, and {@link HttpFuzz#SECRET_MARK} (in every code and refresh token the generators make)}
     */
    public List<String> secrets() {
        return secrets;
    }

    /** {@return the log lines captured since this target was made} */
    public List<String> logLines() {
        return logs.lines();
    }

    /** Counts one request sent. */
    void sent() {
        sent.incrementAndGet();
    }

    /** {@return how many requests (or events) were sent to the target so far} */
    public int requestsSent() {
        return sent.get();
    }

    /** Stops capturing logs. */
    @Override
    public void close() {
        logs.close();
    }
}
