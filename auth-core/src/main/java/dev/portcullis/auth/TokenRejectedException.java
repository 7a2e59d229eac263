package dev.portcullis.auth;

import java.util.Optional;

/**
 * A token (a bearer token, or an ID token at sign-in or refresh) failed validation. The HTTP answer is the
 * same for every such failure; {@link #claim()} and {@link #reason()} are for logs only.
 */
public final class TokenRejectedException extends AuthException {

    private final String claim;

    TokenRejectedException(Reason reason, String provider, String claim, String message, Throwable cause) {
        super(reason, provider, message, cause);
        this.claim = claim;
    }

    /**
     * The claim or header that failed, when one did.
     *
     * @return for example {@code aud}, or empty
     */
    public Optional<String> claim() {
        return Optional.ofNullable(claim);
    }
}
