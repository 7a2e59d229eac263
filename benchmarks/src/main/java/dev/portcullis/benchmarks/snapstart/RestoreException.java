package dev.portcullis.benchmarks.snapstart;

/** A failure of the Restore step. */
public final class RestoreException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A failure; the causes are added as suppressed exceptions.
     */
    public RestoreException() {
        super("Restore failed");
    }
}
