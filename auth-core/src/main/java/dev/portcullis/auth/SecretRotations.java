package dev.portcullis.auth;

import java.util.List;

/**
 * Every installed {@link SecretRotation}, as one: a secret is re-read from whichever store holds it, and after a
 * snapshot restore every store's cached copies are expired. Immutable and thread-safe (as the rotations must be).
 */
final class SecretRotations implements SecretRotation {

    private final List<SecretRotation> rotations;

    SecretRotations(List<SecretRotation> rotations) {
        this.rotations = List.copyOf(rotations);
    }

    /** Asks each store in turn until one finds a new value: a key comes from one store at most. */
    @Override
    public boolean refetch(String configKey) {
        return rotations.stream().anyMatch(store -> store.refetch(configKey));
    }

    /** Tells every store, not only the first: each has its own cache. */
    @Override
    public void expireCachedSecrets() {
        rotations.forEach(SecretRotation::expireCachedSecrets);
    }
}
