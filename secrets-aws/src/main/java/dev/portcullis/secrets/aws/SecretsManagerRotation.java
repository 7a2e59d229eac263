package dev.portcullis.secrets.aws;

import dev.portcullis.auth.SecretRotation;

/**
 * Lets the relying party re-read a client secret from Secrets Manager when the provider refuses it.
 */
public final class SecretsManagerRotation implements SecretRotation {

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public SecretsManagerRotation() {
    }

    @Override
    public boolean refetch(String configKey) {
        SecretsManagerCache cache = SecretsManagerConfigFilter.currentCache();
        return cache != null && cache.refetch(configKey);
    }

    /**
     * Marks every cached secret as due (after a SnapStart restore: the snapshot's copies may be days old).
     */
    @Override
    public void expireCachedSecrets() {
        SecretsManagerConfigFilter.expireCachedSecrets();
    }
}
