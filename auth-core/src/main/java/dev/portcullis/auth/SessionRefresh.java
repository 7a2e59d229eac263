package dev.portcullis.auth;

import java.util.Objects;

/**
 * What became of a browser session's refresh ({@link OidcRelyingParty#refreshSession(Session)}), and so what the host
 * does with the session's cookies. The rule, decided in one place for every host:
 * <ul>
 *   <li>a refresh that fails for any reason while the session's access token is still valid is {@link Postponed}:
 *   nothing changes. With refresh tokens that rotate, two requests of one browser may refresh at once, and the loser
 *   of that race must not clear the cookies the winner's answer just set; a provider that is down is asked again on a
 *   later request;</li>
 *   <li>unless the failure speaks about the user: a refreshed ID token that names someone else
 *   ({@link Reason#IDENTITY_CHANGED}), a session no enabled provider can serve ({@link Reason#SESSION_INVALID}), or a
 *   refreshed ID token refused for one of its claims. Then the old access token vouches for no one either, and the
 *   session has {@link Ended} at once;</li>
 *   <li>once the access token has expired, a refused refresh has {@link Ended} the session, and a provider that could
 *   not be asked has {@link Failed} it for this request only;</li>
 *   <li>a session not used for {@code auth.session.idle-timeout} has {@link Ended} ({@link Reason#SESSION_IDLE}) before
 *   anything is asked of the provider.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public sealed interface SessionRefresh permits SessionRefresh.Refreshed, SessionRefresh.Postponed, SessionRefresh.Ended,
        SessionRefresh.Failed {

    /**
     * The session was refreshed: serve the request as its user, and write its cookies.
     *
     * @param session the refreshed session; its creation and expiry times are the old one's
     */
    record Refreshed(Session session) implements SessionRefresh {

        /**
         * Checks the parts.
         *
         * @param session session
         */
        public Refreshed {
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * The refresh failed while the access token is still valid, for a reason that says nothing about the user: nothing
     * changes. Serve the request with the old session and leave its cookies alone; a later request tries again.
     *
     * @param session the old session, which keeps serving
     * @param cause   why the refresh failed, for logs
     */
    record Postponed(Session session, AuthException cause) implements SessionRefresh {

        /**
         * Checks the parts.
         *
         * @param session session
         * @param cause   cause
         */
        public Postponed {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The session has ended: refuse the request, and clear the session's cookies.
     *
     * @param session the session that ended
     * @param cause   why, for logs
     */
    record Ended(Session session, SessionEndedException cause) implements SessionRefresh {

        /**
         * Checks the parts.
         *
         * @param session session
         * @param cause   cause
         */
        public Ended {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The provider could not be asked, or gave no usable answer (down, too slow, refusing this client), and the access
     * token has expired, so it
     * no longer vouches for the user: refuse the request, but keep the cookies, which may well work once the provider
     * is back.
     *
     * @param session the session, unchanged
     * @param cause   why the provider could not be asked, for logs
     */
    record Failed(Session session, AuthException cause) implements SessionRefresh {

        /**
         * Checks the parts.
         *
         * @param session session
         * @param cause   cause
         */
        public Failed {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(cause, "cause");
        }
    }
}
