package dev.portcullis.auth;

import java.util.List;

/**
 * Every installed {@link SecretRotation}, as one: a secret is re-read from whichever store holds it. Immutable and
 * thread-safe (as the rotations must be).
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
}
