package dev.portcullis.auth;

import java.net.URI;
import java.util.Objects;

/**
 * A completed sign-in: the new session and where to send the browser.
 *
 * @param session  the session
 * @param returnTo the absolute URL inside this service to redirect to
 */
public record SignIn(Session session, URI returnTo) {

    /**
     * Checks the parts.
     *
     * @param session  session
     * @param returnTo return URL
     */
    public SignIn {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(returnTo, "returnTo");
    }
}
