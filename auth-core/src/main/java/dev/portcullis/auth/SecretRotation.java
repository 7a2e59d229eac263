package dev.portcullis.auth;

/**
 * A store that configuration values may come from and that can rotate them (AWS Secrets Manager, ...). When a
 * provider refuses this service's client credentials ({@code invalid_client}), the relying party asks every
 * installed rotation to re-read the client secret, and retries once if one of them found a new value: a rotated
 * secret is picked up without a restart and without waiting for a cache to expire. After a snapshot restore, every
 * installed rotation is told to {@linkplain #expireCachedSecrets() expire what it has cached}.
 * <p>
 * Implementations are found with {@link java.util.ServiceLoader}.
 */
public interface SecretRotation {

    /**
     * Re-reads, from its store and bypassing any cache, the secret behind one configuration key.
     *
     * @param configKey the configuration key whose value names the secret, for example {@code auth.cognito.client-secret}
     * @return whether a value different from the one in use was read; false when the key does not come from this
     *         store, the store could not be reached, or the value did not change
     */
    boolean refetch(String configKey);

    /**
     * Marks every secret this store has cached as due, so that each is read again on its next use. Called by
     * {@link OidcRelyingParty#afterRestore()} on every installed rotation after a SnapStart restore: the snapshot's
     * copies may be days old, and a secret rotated since would otherwise serve until its cache entry expired. Does
     * nothing by default.
     */
    default void expireCachedSecrets() {
    }
}
