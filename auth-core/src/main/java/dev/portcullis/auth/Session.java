package dev.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed-in browser session, as carried in the encrypted session cookie. Nothing of it is stored on
 * the server: any instance that holds the session key can read it.
 *
 * @param provider  the provider the user signed in with
 * @param tokens    the provider's tokens
 * @param identity  the user, from the validated ID token
 * @param createdAt when the user signed in
 * @param expiresAt when the session ends regardless of refreshes ({@code auth.session.max-age} after sign-in)
 * @param lastUsedAt when a request last used it, as far as its cookie records: for {@code auth.session.idle-timeout}.
 *                   The cookie is re-sealed with a new time at most once a minute, so this may be up to a minute older
 *                   than the last request
 * @param id        this session's own id, random, made at sign-in and kept through refreshes: what logout revokes
 *                  ({@code auth.revocation.store})
 */
public record Session(String provider, TokenSet tokens, Identity identity, Instant createdAt, Instant expiresAt,
                      Instant lastUsedAt, String id) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Checks the parts.
     *
     * @param provider  provider
     * @param tokens    tokens
     * @param identity  identity
     * @param createdAt creation time
     * @param expiresAt expiry
     * @param lastUsedAt last use
     * @param id        session id
     */
    public Session {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(id, "id");
    }

    /**
     * A session with a new random id.
     *
     * @param provider   provider
     * @param tokens     tokens
     * @param identity   identity
     * @param createdAt  creation time
     * @param expiresAt  expiry
     * @param lastUsedAt last use
     */
    public Session(String provider, TokenSet tokens, Identity identity, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
        this(provider, tokens, identity, createdAt, expiresAt, lastUsedAt, newId());
    }

    /** {@return a new session id: 128 random bits, base64url} */
    static String newId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /**
     * A session last used when it was created: just signed in.
     *
     * @param provider  provider
     * @param tokens    tokens
     * @param identity  identity
     * @param createdAt creation time, and last use
     * @param expiresAt expiry
     */
    public Session(String provider, TokenSet tokens, Identity identity, Instant createdAt, Instant expiresAt) {
        this(provider, tokens, identity, createdAt, expiresAt, createdAt);
    }

    /**
     * The same session, last used at another time.
     *
     * @param time when a request used it
     * @return the session with that last use
     */
    public Session usedAt(Instant time) {
        return new Session(provider, tokens, identity, createdAt, expiresAt, time, id);
    }

    /**
     * Whether the access token expires within the given margin, so it should be refreshed before use.
     *
     * @param now    the current time
     * @param margin how early to refresh
     * @return whether a refresh is due
     */
    public boolean accessTokenExpiresWithin(Instant now, Duration margin) {
        return !tokens.accessTokenExpiresAt().isAfter(now.plus(margin));
    }

    @Override
    public String toString() {
        return "Session[provider=" + provider + ", subject=" + identity.subject() + ", expiresAt=" + expiresAt
                + ", lastUsedAt=" + lastUsedAt + "]";
    }
}
