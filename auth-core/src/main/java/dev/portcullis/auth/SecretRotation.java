package dev.portcullis.auth;

/**
 * A store that configuration values may come from and that can rotate them (AWS Secrets Manager, ...). When a
 * provider refuses this service's client credentials ({@code invalid_client}), the relying party asks every
 * installed rotation to re-read the client secret, and retries once if one of them found a new value: a rotated
 * secret is picked up without a restart and without waiting for a cache to expire.
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
}
