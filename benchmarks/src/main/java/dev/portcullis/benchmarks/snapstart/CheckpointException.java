package dev.portcullis.benchmarks.snapstart;

/** A failure of the Checkpoint step. */
public final class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A failure; the causes are added as suppressed exceptions.
     */
    public CheckpointException() {
        super("Checkpoint failed");
    }
}
