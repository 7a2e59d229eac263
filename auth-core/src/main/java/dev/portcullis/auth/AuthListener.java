package dev.portcullis.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * What the relying party reports about its own work, for a host's metrics and logs: each fetch of a provider's
 * signing keys, and each token validation with its outcome and duration. Given to
 * {@link OidcRelyingParty#create(org.eclipse.microprofile.config.Config, java.time.Clock, AuthListener)}; the auth
 * module itself depends on no metrics library.
 * <p>
 * Called on the thread doing the work, possibly many at once: implementations are thread-safe, return quickly and
 * do not throw. Nothing passed carries a token or any other secret.
 */
public interface AuthListener {

    /**
     * A listener that ignores everything.
     *
     * @return the listener
     */
    static AuthListener none() {
        return new AuthListener() {
        };
    }

    /**
     * A provider's JWK set was fetched from its {@code jwks_uri} (at first use, after the cache expired, on an
     * unknown {@code kid}, or on a retry).
     *
     * @param provider the provider
     * @param success  whether the provider answered with a JWK set; {@code false} for a network error or an HTTP
     *                 error status
     */
    default void jwksFetched(String provider, boolean success) {
    }

    /**
     * A token was validated against a provider's keys and rules: an ID token at sign-in or refresh, or an access
     * token presented as a bearer token (or read for its groups at sign-in).
     *
     * @param provider  the provider whose rules applied
     * @param kind      which kind of token
     * @param rejection why it was refused, or empty when it is valid
     * @param duration  how long the validation took, key fetching included
     */
    default void tokenValidated(String provider, TokenKind kind, Optional<Reason> rejection, Duration duration) {
    }

    /** The kinds of token the relying party validates. */
    enum TokenKind {
        /** An OpenID Connect ID token. */
        ID_TOKEN,
        /** A JWT access token. */
        ACCESS_TOKEN
    }
}

