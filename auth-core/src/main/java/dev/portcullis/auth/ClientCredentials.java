package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import dev.portcullis.auth.spi.ClientAuthentication;

/**
 * This service's credentials at one provider, for its token and revocation endpoints. The client secret is read from
 * configuration at each use, so that a secret rotated in its store is picked up without a restart; it is never kept
 * here, logged or put in an exception.
 */
final class ClientCredentials {

    private static final System.Logger LOG = System.getLogger(ClientCredentials.class.getName());

    private final String provider;
    private final String clientId;
    private final Supplier<String> secret;
    private final String secretKey;
    private final SecretRotation rotation;

    /**
     * @param secret    reads the client secret from configuration
     * @param secretKey the configuration key of the client secret, for logs and for {@code rotation}
     * @param rotation  re-reads a secret from its store when the provider refuses the one in use
     */
    ClientCredentials(String provider, String clientId, Supplier<String> secret, String secretKey, SecretRotation rotation) {
        this.provider = provider;
        this.clientId = clientId;
        this.secret = secret;
        this.secretKey = secretKey;
        this.rotation = rotation;
    }

    String clientId() {
        return clientId;
    }

    /** The configuration key of the client secret: named in a log line when the provider refuses this client. */
    String secretKey() {
        return secretKey;
    }

    /**
     * The client's authentication by the given method, with the secret as configuration holds it now.
     *
     * @throws ProviderUnavailableException when the secret cannot be read: its store is unreachable and nothing is
     *                                      cached, which nothing about this request can fix
     */
    com.nimbusds.oauth2.sdk.auth.ClientAuthentication authentication(ClientAuthentication method) {
        ClientID id = new ClientID(clientId);
        Secret current;
        try {
            current = new Secret(secret.get());
        } catch (AuthConfigurationException e) {
            LOG.log(Level.ERROR, "provider {0}: client secret unavailable: {1}", provider, e.getMessage());
            throw new ProviderUnavailableException(Reason.SECRET_UNAVAILABLE, provider, "client secret unavailable", null);
        }
        return method == ClientAuthentication.CLIENT_SECRET_POST ? new ClientSecretPost(id, current) : new ClientSecretBasic(id, current);
    }

    /**
     * Asks the secret's store to read it again, bypassing its cache: after the provider refused the client, the secret
     * may have been rotated since it was read.
     *
     * @return whether a different value was read, so that a request refused with the old one is worth retrying
     */
    boolean secretRotated() {
        return rotation.refetch(secretKey);
    }
}
