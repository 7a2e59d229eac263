package dev.portcullis.benchmarks.snapstart;

/** A resource told about a checkpoint and a restore. */
public interface Resource {

    /**
     * Before the checkpoint.
     *
     * @param context the context the resource is registered with
     * @throws Exception when the resource cannot be checkpointed
     */
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    /**
     * After the restore.
     *
     * @param context the context the resource is registered with
     * @throws Exception when the resource cannot be restored
     */
    void afterRestore(Context<? extends Resource> context) throws Exception;
}
