package dev.portcullis.benchmarks.snapstart;

import java.util.ArrayList;
import java.util.List;

/**
 * Resources, notified in registration order before a checkpoint and in reverse order after a restore, as CRaC's
 * global context does.
 *
 * @param <R> the resources' type
 */
public class Context<R extends Resource> implements Resource {

    private final List<R> resources = new ArrayList<>();

    /**
     * An empty context.
     */
    public Context() {
    }

    /**
     * Registers a resource.
     *
     * @param resource the resource
     */
    public synchronized void register(R resource) {
        resources.add(resource);
    }

    @Override
    public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
        for (R resource : resources) {
            resource.beforeCheckpoint(this);
        }
    }

    @Override
    public synchronized void afterRestore(Context<? extends Resource> context) throws Exception {
        for (R resource : resources.reversed()) {
            resource.afterRestore(this);
        }
    }
}
