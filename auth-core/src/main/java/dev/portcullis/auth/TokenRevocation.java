package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;

import dev.portcullis.auth.spi.Endpoint;

/**
 * Revokes a signed-out session's refresh token at its provider (RFC 7009), where the provider has a revocation
 * endpoint. Best effort: sign-out goes on whatever the provider answers, so failures are logged, never thrown.
 * Thread-safe.
 */
final class TokenRevocation {

    private static final System.Logger LOG = System.getLogger(TokenRevocation.class.getName());

    private final String provider;
    private final Supplier<ProviderEndpoints> endpoints;
    private final ClientCredentials credentials;
    private final JdkHttpSender http;
    private final ProviderCallLimit limit;

    /**
     * @param endpoints the provider's endpoints, from discovery (which may fail)
     */
    TokenRevocation(String provider, Supplier<ProviderEndpoints> endpoints, ClientCredentials credentials, JdkHttpSender http,
                    ProviderCallLimit limit) {
        this.provider = provider;
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.http = http;
        this.limit = limit;
    }

    void revoke(String refreshToken) {
        ProviderEndpoints current;
        try {
            current = endpoints.get();
        } catch (AuthException e) {
            LOG.log(Level.WARNING, "provider {0}: refresh token not revoked ({1})", provider, e.reason());
            return;
        }
        Optional<URI> endpoint = current.get(Endpoint.REVOCATION);
        if (endpoint.isEmpty()) {
            return;
        }
        try {
            // the client secret may be unreadable right now (its store down): best effort, as for the endpoint
            HTTPRequest request = new TokenRevocationRequest(endpoint.get(), credentials.authentication(current.clientAuthentication()),
                    new RefreshToken(refreshToken)).toHTTPRequest();
            HTTPResponse response = limit.call(ProviderCallLimit.Purpose.USER, () -> http.sendTo(provider, "revocation endpoint", request));
            if (!response.indicatesSuccess()) {
                LOG.log(Level.WARNING, "provider {0}: revocation answered HTTP {1}", provider, response.getStatusCode());
            }
        } catch (AuthException e) {
            LOG.log(Level.WARNING, "provider {0}: refresh token not revoked ({1})", provider, e.reason());
        }
    }
}
