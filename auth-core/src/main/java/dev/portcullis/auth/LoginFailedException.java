package dev.portcullis.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sign-in could not be completed because of what the browser or the provider sent: bad or missing
 * state, an {@code error=} from the provider, a refused code, an invalid ID token. Answered with 400 and a
 * page that offers to try again; no session is created.
 */
public final class LoginFailedException extends AuthException {

    /** OAuth error codes are ASCII words; anything else is not shown to the user. */
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private final String providerError;

    LoginFailedException(Reason reason, String provider, String message) {
        this(reason, provider, message, null, null);
    }

    LoginFailedException(Reason reason, String provider, String message, String providerError, Throwable cause) {
        super(reason, provider, message, cause);
        this.providerError = providerError != null && ERROR_CODE.matcher(providerError).matches() ? providerError : null;
    }

    /**
     * The provider's OAuth {@code error} code, when it sent a well-formed one (for example
     * {@code access_denied}). Safe to show: it is restricted to lower-case letters and underscores.
     *
     * @return the error code, or empty
     */
    public Optional<String> providerError() {
        return Optional.ofNullable(providerError);
    }
}
