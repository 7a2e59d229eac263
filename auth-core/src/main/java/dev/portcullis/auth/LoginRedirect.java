package dev.portcullis.auth;

import java.net.URI;
import java.util.Objects;

/**
 * The answer to {@code GET /auth/login}: send the browser to the provider and set the login-state cookie.
 * Its {@link #toString()} shows the endpoint only, not the request's state, nonce or PKCE challenge.
 *
 * @param authorizationUri the provider's authorization endpoint with every parameter of the request
 * @param stateCookie      the short-lived encrypted cookie carrying verifier, nonce, state, provider and return path
 */
public record LoginRedirect(URI authorizationUri, SetCookie stateCookie) {

    /**
     * Checks the parts.
     *
     * @param authorizationUri authorization URI
     * @param stateCookie      state cookie
     */
    public LoginRedirect {
        Objects.requireNonNull(authorizationUri, "authorizationUri");
        Objects.requireNonNull(stateCookie, "stateCookie");
    }

    @Override
    public String toString() {
        return "LoginRedirect[" + authorizationUri.getScheme() + "://" + authorizationUri.getRawAuthority()
                + authorizationUri.getRawPath() + "]";
    }
}
