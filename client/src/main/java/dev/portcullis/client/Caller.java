package dev.portcullis.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed-in caller, as {@code /api/me} and {@code /api/admin} describe them.
 *
 * @param subject   {@code sub}: the provider's identifier of the user
 * @param name      the display name
 * @param email     the e-mail address, when the provider gives one
 * @param provider  the provider that signed the user in, for example {@code cognito}
 * @param groups    the provider's groups, sorted
 * @param expiresAt when the access token (or the session's) expires
 * @param source    how the caller authenticated
 * @param admin     whether {@code /api/admin} answered
 */
public record Caller(String subject, String name, Optional<String> email, String provider, List<String> groups,
                     Instant expiresAt, Source source, boolean admin) {

    /**
     * Checks that every member is present.
     */
    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(provider, "provider");
        groups = List.copyOf(groups);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(source, "source");
    }

    /** How a caller authenticated. */
    public enum Source {
        /** A browser's session cookie. */
        SESSION,
        /** An {@code Authorization: Bearer} access token. */
        BEARER
    }
}
