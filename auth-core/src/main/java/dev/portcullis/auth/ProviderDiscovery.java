package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

import dev.portcullis.auth.spi.ClientAuthentication;
import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * One provider's discovery document, read once and kept. It is tried at start-up and, when that fails, again on
 * demand at most once per {@code auth.discovery.retry-interval}: a provider that comes back is used without a restart,
 * and one that stays down costs a request no more than a check of the clock. Thread-safe.
 */
final class ProviderDiscovery {

    private static final System.Logger LOG = System.getLogger(ProviderDiscovery.class.getName());

    private final ProviderDescriptor descriptor;
    private final JdkHttpSender http;
    private final AuthSettings settings;
    private final Clock clock;
    private final Function<ProviderEndpoints, ResolvedProvider> withKeys;

    /** Not synchronized: a virtual thread blocked on I/O inside a monitor pins its carrier thread on JDK 21. */
    private final ReentrantLock discovering = new ReentrantLock();
    private volatile ResolvedProvider resolved;
    private Instant lastFailure;
    private AuthException lastError;

    /**
     * @param withKeys builds the signing keys and the token verifier for the discovered endpoints
     */
    ProviderDiscovery(ProviderDescriptor descriptor, JdkHttpSender http, AuthSettings settings, Clock clock,
                      Function<ProviderEndpoints, ResolvedProvider> withKeys) {
        this.descriptor = descriptor;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.withKeys = withKeys;
    }

    private String name() {
        return descriptor.name();
    }

    /**
     * The provider as discovered: at once when it was, else by reading its discovery document now.
     *
     * @throws ProviderUnavailableException when it cannot be read (now, or at the last attempt within the retry interval)
     * @throws AuthConfigurationException   when the document names another issuer
     */
    ResolvedProvider resolved() {
        ResolvedProvider current = resolved;
        if (current != null) {
            return current;
        }
        discovering.lock();
        try {
            if (resolved != null) {
                return resolved;
            }
            Instant now = clock.instant();
            if (lastFailure != null && now.isBefore(lastFailure.plus(settings.discoveryRetryInterval()))) {
                // fail fast between retries; callers see the same kind of failure as the last attempt
                throw lastError instanceof AuthConfigurationException config ? config
                        : new ProviderUnavailableException(lastError.reason(), name(), lastError.getMessage(), null);
            }
            try {
                resolved = withKeys.apply(discover());
                lastFailure = null;
                lastError = null;
                LOG.log(Level.INFO, "provider {0}: discovered {1}", name(), descriptor.issuer());
                return resolved;
            } catch (ProviderUnavailableException | AuthConfigurationException e) {
                lastFailure = now;
                lastError = e;
                throw e;
            }
        } finally {
            discovering.unlock();
        }
    }

    /**
     * Tries discovery once, at start-up. A provider that cannot be reached is not fatal: it is tried again on
     * demand. A provider whose discovery document contradicts the configuration is.
     */
    void warmUp() {
        try {
            resolved();
        } catch (ProviderUnavailableException e) {
            LOG.log(Level.WARNING, "provider {0}: discovery at {1} failed ({2}); will retry on demand",
                    name(), descriptor.discoveryUri(), e.getMessage());
        }
    }

    /**
     * Discovery now, or the last failure between retries, as an exception whose message names this provider, its
     * discovery URL and what went wrong: for a start-up that must not go on without the provider.
     */
    void requireDiscovery() {
        try {
            resolved();
        } catch (ProviderUnavailableException e) {
            throw new ProviderUnavailableException(e.reason(), name(), "provider " + name() + ": discovery at "
                    + descriptor.discoveryUri() + " failed (" + e.getMessage() + ")", null);
        }
    }

    /**
     * Replaces what discovery resolved, under the discovery lock so that no discovery runs meanwhile; nothing happens
     * when discovery has not succeeded yet.
     */
    void replace(UnaryOperator<ResolvedProvider> change) {
        discovering.lock();
        try {
            if (resolved != null) {
                resolved = change.apply(resolved);
            }
        } finally {
            discovering.unlock();
        }
    }

    private ProviderEndpoints discover() {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, descriptor.discoveryUri());
        request.setAccept("application/json");
        HTTPResponse response = http.sendTo(name(), "discovery", request);
        if (response.getStatusCode() != 200) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                    "discovery answered HTTP " + response.getStatusCode(), null);
        }
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(response.getBody());
        } catch (ParseException | RuntimeException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(), "discovery document is not valid", null);
        }
        if (!descriptor.issuer().toString().equals(metadata.getIssuer().getValue())) {
            // mix-up defence (RFC 9700 4.4): the document must be the configured issuer's own
            throw new AuthConfigurationException("auth." + name() + ".issuer", "the provider's discovery document names issuer "
                    + metadata.getIssuer().getValue() + ", not " + descriptor.issuer());
        }
        Map<Endpoint, URI> endpoints = new EnumMap<>(Endpoint.class);
        putIfPresent(endpoints, Endpoint.AUTHORIZATION, metadata.getAuthorizationEndpointURI());
        putIfPresent(endpoints, Endpoint.TOKEN, metadata.getTokenEndpointURI());
        putIfPresent(endpoints, Endpoint.JWKS, metadata.getJWKSetURI());
        putIfPresent(endpoints, Endpoint.USERINFO, metadata.getUserInfoEndpointURI());
        putIfPresent(endpoints, Endpoint.END_SESSION, metadata.getEndSessionEndpointURI());
        putIfPresent(endpoints, Endpoint.REVOCATION, metadata.getRevocationEndpointURI());
        // the one merge rule: an override always wins
        endpoints.putAll(descriptor.endpointOverrides());
        for (Map.Entry<Endpoint, URI> endpoint : endpoints.entrySet()) {
            try {
                ConfigValues.checkedUrl(endpoint.getKey().metadataName(), endpoint.getValue().toString());
            } catch (AuthConfigurationException e) {
                throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                        "discovery names an unsafe " + endpoint.getKey().metadataName(), null);
            }
        }
        for (Endpoint required : List.of(Endpoint.AUTHORIZATION, Endpoint.TOKEN, Endpoint.JWKS)) {
            if (!endpoints.containsKey(required)) {
                throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                        "discovery names no " + required.metadataName(), null);
            }
        }
        return new ProviderEndpoints(endpoints, metadata.supportsAuthorizationResponseIssuerParam(),
                clientAuthentication(metadata.getTokenEndpointAuthMethods()));
    }

    /** The preferred method, unless the provider lists its supported methods and only the other one is among them. */
    private ClientAuthentication clientAuthentication(List<ClientAuthenticationMethod> supported) {
        ClientAuthentication preferred = descriptor.clientAuthentication();
        if (supported == null || supported.isEmpty() || supported.contains(ClientAuthenticationMethod.parse(preferred.metadataName()))) {
            return preferred;
        }
        for (ClientAuthentication other : ClientAuthentication.values()) {
            if (supported.contains(ClientAuthenticationMethod.parse(other.metadataName()))) {
                return other;
            }
        }
        return preferred;
    }

    private static void putIfPresent(Map<Endpoint, URI> endpoints, Endpoint endpoint, URI uri) {
        if (uri != null) {
            endpoints.put(endpoint, uri);
        }
    }
}
