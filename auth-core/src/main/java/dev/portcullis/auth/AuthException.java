package dev.portcullis.auth;

import java.util.Optional;

/**
 * The one unchecked exception tree of the auth module. Each subtype maps to one kind of HTTP answer,
 * once, in the host's exception mapper; the fields say why, for logs and metrics. Messages never contain
 * tokens, codes, secrets or cookie values.
 */
public abstract sealed class AuthException extends RuntimeException
        permits LoginFailedException, TokenRejectedException, ProviderUnavailableException,
                SessionEndedException, AuthConfigurationException, BadRequestException, OutgoingTokenException {

    private final Reason reason;
    private final String provider;

    AuthException(Reason reason, String provider, String message, Throwable cause) {
        this(reason, provider, message, cause, true);
    }

    AuthException(Reason reason, String provider, String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
        this.reason = reason;
        this.provider = provider;
    }

    /**
     * Why it failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The provider involved, when one is known.
     *
     * @return the provider name, or empty
     */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }
}
