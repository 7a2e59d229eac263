package dev.portcullis.auth;

/**
 * The session can no longer be used: the provider refused its refresh token, a refreshed ID token names
 * another user, or it was not used for {@code auth.session.idle-timeout} ({@link Reason#SESSION_IDLE}). The host
 * clears the session cookies and answers 401 (or sends a browser to sign in).
 */
public final class SessionEndedException extends AuthException {

    SessionEndedException(Reason reason, String provider, String message, Throwable cause) {
        super(reason, provider, message, cause);
    }
}
