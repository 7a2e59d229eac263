package dev.portcullis.auth;

/**
 * The request itself is unusable: an unknown or disabled provider, a missing parameter. Answered with 400.
 */
public final class BadRequestException extends AuthException {

    BadRequestException(Reason reason, String provider, String message) {
        super(reason, provider, message, null);
    }
}
