package dev.portcullis.service;

import java.lang.System.Logger.Level;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.Identity;
import dev.portcullis.auth.Session;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * One log line per sign-in, refresh, logout and refusal, with the provider, the subject and the reason: never a
 * token, code, cookie value or secret. Values that come from outside (a subject, a provider name from a request)
 * are stripped of control characters, so a crafted value cannot forge extra log lines.
 */
@ApplicationScoped
public class AuthEvents {

    private static final System.Logger LOG = System.getLogger("dev.portcullis.auth.events");
    private static final int MAX_VALUE_LENGTH = 128;

    /**
     * For CDI.
     */
    public AuthEvents() {
    }

    /**
     * A login was started.
     *
     * @param provider the provider
     */
    public void loginStarted(String provider) {
        LOG.log(Level.INFO, "login started: provider={0}", clean(provider));
    }

    /**
     * A login completed and a session was created.
     *
     * @param session the new session
     */
    public void loginCompleted(Session session) {
        LOG.log(Level.INFO, "login completed: provider={0} sub={1}", clean(session.provider()), clean(session.identity().subject()));
    }

    /**
     * A session's tokens were refreshed.
     *
     * @param session   the refreshed session
     * @param proactive whether the guard refreshed before a request rather than on {@code /auth/refresh}
     */
    public void refreshed(Session session, boolean proactive) {
        LOG.log(Level.INFO, "session refreshed: provider={0} sub={1} trigger={2}", clean(session.provider()),
                clean(session.identity().subject()), proactive ? "guard" : "endpoint");
    }

    /**
     * A refresh failed but the session's access token is still valid, so the session goes on.
     *
     * @param session the session
     * @param failure why the refresh failed
     */
    public void refreshPostponed(Session session, AuthException failure) {
        LOG.log(Level.WARNING, "session refresh failed, access token still valid: provider={0} sub={1} reason={2}",
                clean(session.provider()), clean(session.identity().subject()), failure.reason());
    }

    /**
     * A session ended: its refresh was refused, or it can no longer be refreshed.
     *
     * @param session the session
     * @param failure why
     */
    public void sessionEnded(Session session, AuthException failure) {
        LOG.log(Level.INFO, "session ended: provider={0} sub={1} reason={2}", clean(session.provider()),
                clean(session.identity().subject()), failure.reason());
    }

    /**
     * A user signed out.
     *
     * @param session the session that ended, or null when the request had none
     */
    public void loggedOut(Session session) {
        if (session == null) {
            LOG.log(Level.INFO, "logout: no session");
        } else {
            LOG.log(Level.INFO, "logout: provider={0} sub={1}", clean(session.provider()), clean(session.identity().subject()));
        }
    }

    /**
     * A bearer token was accepted.
     *
     * @param identity the caller
     */
    public void bearerAccepted(Identity identity) {
        LOG.log(Level.DEBUG, "bearer accepted: provider={0} sub={1}", clean(identity.provider()), clean(identity.subject()));
    }

    /**
     * A request was refused.
     *
     * @param answer  the kind of answer sent, for example {@code login_failed}
     * @param failure why
     */
    public void refused(String answer, AuthException failure) {
        if (failure instanceof dev.portcullis.auth.AuthConfigurationException) {
            // names the key to fix; never holds a secret
            LOG.log(Level.ERROR, "{0}: {1}", answer, failure.getMessage());
            return;
        }
        Level level = failure instanceof dev.portcullis.auth.ProviderUnavailableException ? Level.WARNING : Level.INFO;
        LOG.log(level, "{0}: provider={1} reason={2} claim={3}", answer, clean(failure.provider().orElse("-")),
                failure.reason(), claim(failure));
    }

    /** The claim a rejected token failed on, also when the rejection ended a sign-in or a session (it is the cause). */
    private static String claim(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.portcullis.auth.TokenRejectedException rejected) {
                return rejected.claim().orElse("-");
            }
        }
        return "-";
    }

    /**
     * A state-changing request from another site was refused.
     *
     * @param path what it asked for
     */
    public void crossSiteRefused(String path) {
        LOG.log(Level.INFO, "cross-site request refused: {0}", clean(path));
    }

    /** A value from outside, made safe for one log line. */
    static String clean(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH));
        for (int i = 0; i < value.length() && out.length() < MAX_VALUE_LENGTH; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return value.length() > MAX_VALUE_LENGTH ? out + "..." : out.toString();
    }
}
