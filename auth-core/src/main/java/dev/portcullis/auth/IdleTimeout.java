package dev.portcullis.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code auth.session.idle-timeout}: a session no request used for that long has ended, though its maximum age has not
 * passed. Nothing is kept on the server: the session cookie carries its last use ({@link Session#lastUsedAt()}), and a
 * request re-seals it with a new one only when at least {@link #RESEAL_INTERVAL} has passed since the recorded use, so
 * that a busy browser does not get a new cookie with every answer. The recorded use is therefore up to that interval
 * older than the last request, and a session ends between the timeout less that interval and the timeout after its
 * last request: never later.
 * <p>
 * Off (no timeout), nothing ends for being idle and no cookie is re-sealed for its last use. Immutable and thread-safe.
 */
final class IdleTimeout {

    /** How often at most a session's cookie is re-sealed only to record its last use; the shortest timeout allowed. */
    static final Duration RESEAL_INTERVAL = Duration.ofMinutes(1);

    private final Optional<Duration> timeout;
    private final Clock clock;

    IdleTimeout(Optional<Duration> timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Whether the session was not used for the timeout, and so has ended; never when there is no timeout. */
    boolean passed(Session session) {
        Instant now = clock.instant();
        return timeout.filter(idle -> !now.isBefore(session.lastUsedAt().plus(idle))).isPresent();
    }

    /** What an idle session's refresh comes to: it has ended, and the provider is not asked. */
    SessionRefresh.Ended ended(Session session) {
        return new SessionRefresh.Ended(session, new SessionEndedException(Reason.SESSION_IDLE, session.provider(),
                "the session was not used for " + timeout.orElseThrow() + " (auth.session.idle-timeout)", null));
    }

    /** See {@link OidcRelyingParty#touch(Session)}. */
    Optional<Session> touch(Session session) {
        Instant now = clock.instant();
        if (timeout.isEmpty() || now.isBefore(session.lastUsedAt().plus(RESEAL_INTERVAL))) {
            return Optional.empty();
        }
        return Optional.of(session.usedAt(now));
    }
}
