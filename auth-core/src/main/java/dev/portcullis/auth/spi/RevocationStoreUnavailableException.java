package dev.portcullis.auth.spi;

/**
 * A revocation store that could not be read or written in time. Its message names the store and the failure, never a
 * key (a key holds a session id).
 */
public final class RevocationStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param message what failed, without any key
     * @param cause   the store client's exception, if any
     */
    public RevocationStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
