package dev.portcullis.helidon;

import java.util.Optional;

import io.helidon.common.context.Contexts;

/**
 * The access token of the caller a request is served for, as the guard accepted it: the bearer token it sent, or its
 * session's access token (refreshed first when it was about to expire). Kept in the request's Helidon context, for
 * {@link OutgoingTokenFilter}; never the ID token, never in a log.
 *
 * @param accessToken the access token
 */
record CallerToken(String accessToken) {

    /** Keeps the token for the rest of the request being served. */
    static void keep(String accessToken) {
        Contexts.context().ifPresent(context -> context.register(CallerToken.class, new CallerToken(accessToken)));
    }

    /** The token of the request being served, if its caller was authenticated. */
    static Optional<String> current() {
        return Contexts.context().flatMap(context -> context.get(CallerToken.class, CallerToken.class)).map(CallerToken::accessToken);
    }

    @Override
    public String toString() {
        return "CallerToken[...]";
    }
}
