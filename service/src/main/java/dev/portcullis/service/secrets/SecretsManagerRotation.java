package dev.portcullis.service.secrets;

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
}
