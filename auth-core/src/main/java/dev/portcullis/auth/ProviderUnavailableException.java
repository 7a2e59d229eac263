package dev.portcullis.auth;

/**
 * The provider could not be reached, did not answer in time, or answered with garbage. Answered with
 * 502 (504 for a timeout) and a page with a retry link.
 */
public final class ProviderUnavailableException extends AuthException {

    ProviderUnavailableException(Reason reason, String provider, String message, Throwable cause) {
        super(reason, provider, message, cause);
    }
}
