package dev.portcullis.auth;

import java.util.Optional;

/**
 * An outgoing call could not get the token it needs, and is not sent: the request it is made for has no token of its
 * caller ({@link Reason#NO_CALLER_TOKEN}), or an outgoing client ({@code auth.clients.<name>}) could not get a
 * {@code client_credentials} token: its provider refused its credentials ({@link Reason#CLIENT_REJECTED}) or its
 * scopes ({@link Reason#SCOPE_REJECTED}), or could not be asked. Never a call without a token by surprise.
 */
public final class OutgoingTokenException extends AuthException {

    private final String client;

    OutgoingTokenException(Reason reason, String provider, String client, String message, Throwable cause) {
        super(reason, provider, message, cause);
        this.client = client;
    }

    /**
     * The outgoing client whose token it was, for a client-credentials token.
     *
     * @return its name ({@code auth.clients.<name>}); empty for the caller's token
     */
    public Optional<String> client() {
        return Optional.ofNullable(client);
    }
}
