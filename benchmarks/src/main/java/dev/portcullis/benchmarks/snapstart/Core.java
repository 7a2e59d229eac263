package dev.portcullis.benchmarks.snapstart;

/** The global context, and a checkpoint that notifies its resources without taking a snapshot. */
public final class Core {

    private static final Context<Resource> GLOBAL = new Context<>();

    private Core() {
    }

    /**
     * The global context, which org.crac registers resources with.
     *
     * @return the context
     */
    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /**
     * The system property that, set to {@code true}, skips the {@code beforeCheckpoint} hooks: a snapshot taken right
     * after init, as a function without priming gets, then restored.
     */
    public static final String UNPRIMED = "dev.portcullis.benchmarks.snapstart.unprimed";

    /**
     * Runs every resource's {@code beforeCheckpoint} (unless {@value #UNPRIMED} is set), then every {@code afterRestore}.
     *
     * @throws CheckpointException when a resource refused the checkpoint
     * @throws RestoreException    when a resource failed after the restore
     */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            if (!Boolean.getBoolean(UNPRIMED)) {
                GLOBAL.beforeCheckpoint(null);
            }
        } catch (Exception e) {
            CheckpointException failure = new CheckpointException();
            failure.addSuppressed(e);
            throw failure;
        }
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            RestoreException failure = new RestoreException();
            failure.addSuppressed(e);
            throw failure;
        }
    }
}
