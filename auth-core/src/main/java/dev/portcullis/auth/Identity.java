package dev.portcullis.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A verified caller: from a validated bearer access token, or from the validated ID token of a browser
 * session. Its {@link #toString()} shows the provider and subject only, never the token.
 *
 * @param provider  the provider that issued the token
 * @param subject   the {@code sub} claim
 * @param groups    the user's groups from the provider's groups claim; these are the caller's roles
 * @param claims    all claims of the token the identity was read from, as parsed JSON values
 *                  (String, Boolean, Long/Double, List, Map)
 * @param rawToken  the token the identity was read from: the bearer token, or the session's ID token
 * @param expiresAt when the caller's access expires: the bearer token's {@code exp}, or the session's access
 *                  token expiry
 * @param source    whether the identity came from a bearer token or a session
 */
public record Identity(String provider,
                       String subject,
                       Set<String> groups,
                       Map<String, Object> claims,
                       String rawToken,
                       Instant expiresAt,
                       Source source) {

    /** Where an identity came from. */
    public enum Source {
        /** An {@code Authorization: Bearer} access token. */
        BEARER,
        /** The encrypted session cookie of a browser. */
        SESSION
    }

    /**
     * Freezes the identity.
     *
     * @param provider  provider
     * @param subject   subject
     * @param groups    groups
     * @param claims    claims
     * @param rawToken  raw token
     * @param expiresAt expiry
     * @param source    source
     */
    public Identity {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(subject, "subject");
        groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        Objects.requireNonNull(rawToken, "rawToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The caller's principal name, by MicroProfile JWT's rule: {@code upn}, else {@code preferred_username}, else
     * the subject. This, not the display name, identifies the caller to the application.
     *
     * @return the principal name
     */
    public String principalName() {
        for (String claim : new String[] {"upn", "preferred_username"}) {
            if (claims.get(claim) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        return subject;
    }

    /**
     * A name to show to people, never to identify them (it is often user-editable): {@code name}, else
     * {@code preferred_username}, {@code nickname}, {@code cognito:username}, {@code email}, and last the subject.
     *
     * @return the name to show
     */
    public String displayName() {
        for (String claim : new String[] {"name", "preferred_username", "nickname", "cognito:username", "email"}) {
            if (claims.get(claim) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        return subject;
    }

    /**
     * The {@code email} claim.
     *
     * @return the e-mail address, or empty
     */
    public Optional<String> email() {
        return claims.get("email") instanceof String value ? Optional.of(value) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Identity[provider=" + provider + ", subject=" + subject + ", source=" + source + "]";
    }
}
