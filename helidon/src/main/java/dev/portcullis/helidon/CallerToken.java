package dev.portcullis.helidon;

import java.util.Optional;

import dev.portcullis.auth.CallerAccessToken;

import io.helidon.common.context.Contexts;

/**
 * The access token of the caller a request is served for, as the guard accepted it, with its provider: the bearer
 * token it sent, or its session's access token (refreshed first when it was about to expire). Kept in the request's
 * Helidon context, for {@link OutgoingTokenFilter}; never the ID token, never in a log.
 */
final class CallerToken {

    private CallerToken() {
    }

    /** Keeps the token for the rest of the request being served. */
    static void keep(String provider, String accessToken) {
        CallerAccessToken token = new CallerAccessToken(provider, accessToken);
        Contexts.context().ifPresent(context -> context.register(CallerAccessToken.class, token));
    }

    /** The token of the request being served, if its caller was authenticated. */
    static Optional<CallerAccessToken> current() {
        return Contexts.context().flatMap(context -> context.get(CallerAccessToken.class, CallerAccessToken.class));
    }
}
