package dev.portcullis.lambda;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda SnapStart's hooks. Before the snapshot: fetch every enabled provider's discovery document and signing keys,
 * run the token validator once, and serve synthetic requests through the handler, so a restored instance answers its
 * first request warm. After restore: a fresh random generator for state, nonce and PKCE (instances restored from one
 * snapshot must not share one), signing keys and secrets read anew on next use (the snapshot's copies may be days
 * old).
 */
final class SnapStartPriming implements Resource {

    private static final System.Logger LOG = System.getLogger(SnapStartPriming.class.getName());

    private final LambdaApplication application;
    private volatile List<String> primedProviders = List.of();
    private volatile int[] primingAnswers = {};
    private volatile int restores;

    private SnapStartPriming(LambdaApplication application) {
        this.application = application;
    }

    /** Registers the hooks with the runtime (a no-op where there is no CRaC support). */
    static SnapStartPriming register(LambdaApplication application) {
        SnapStartPriming priming = new SnapStartPriming(application);
        // CRaC holds resources weakly: the application keeps this one alive
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primedProviders = application.relyingParty().prime();
        primingAnswers = application.primingRequests().serve(application);
        LOG.log(Level.INFO, "primed for snapshot: providers {0}, synthetic requests answered {1}", primedProviders,
                Arrays.toString(primingAnswers));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        application.relyingParty().afterRestore();
        restores++;
        LOG.log(Level.INFO, "restored from snapshot: random generator reseeded, keys and secrets to be read anew");
    }

    List<String> primedProviders() {
        return primedProviders;
    }

    /** The status codes the synthetic requests got before the last checkpoint. */
    int[] primingAnswers() {
        return primingAnswers.clone();
    }

    int restores() {
        return restores;
    }
}
