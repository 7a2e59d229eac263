package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.LogoutContext;
import dev.portcullis.auth.spi.LogoutTarget;
import dev.portcullis.auth.spi.OidcProvider;

/**
 * Where a browser is sent to sign out at one provider: the provider module decides the endpoint and its parameters
 * (RP-initiated logout, or a provider's own), from the discovered endpoints. Thread-safe.
 */
final class ProviderLogout {

    private static final System.Logger LOG = System.getLogger(ProviderLogout.class.getName());

    private final OidcProvider provider;
    private final String clientId;
    private final Supplier<ProviderEndpoints> endpoints;

    /**
     * @param endpoints the provider's endpoints, from discovery (which may fail)
     */
    ProviderLogout(OidcProvider provider, String clientId, Supplier<ProviderEndpoints> endpoints) {
        this.provider = provider;
        this.clientId = clientId;
        this.endpoints = endpoints;
    }

    private String name() {
        return provider.descriptor().name();
    }

    /** The provider logout URL, or empty when the provider has no logout or cannot be reached. */
    Optional<URI> uri(Optional<String> idTokenHint, URI postLogoutRedirectUri) {
        Map<Endpoint, URI> known;
        try {
            known = endpoints.get().endpoints();
        } catch (AuthException e) {
            LOG.log(Level.WARNING, "provider {0}: signed out locally only ({1})", name(), e.reason());
            return Optional.empty();
        }
        return provider.logoutTarget(new LogoutContext(known, clientId, idTokenHint, postLogoutRedirectUri))
                .map(target -> {
                    Map<String, List<String>> query = new LinkedHashMap<>();
                    target.parameters().forEach((name, value) -> query.put(name, List.of(value)));
                    String encoded = URLUtils.serializeParameters(query);
                    return URI.create(target.endpoint() + (encoded.isEmpty() ? "" : "?" + encoded));
                });
    }

    /**
     * Where this provider's logout sends a browser, as an origin: a page with a sign-out form must allow it in its
     * {@code form-action}, which browsers also check on the redirect. Empty when the provider has no logout (sign-out
     * then returns to this service) or its discovery is not known; nothing is logged, as pages ask this often.
     */
    Optional<URI> origin(URI postLogoutRedirectUri) {
        Map<Endpoint, URI> known;
        try {
            known = endpoints.get().endpoints();
        } catch (AuthException e) {
            return Optional.empty();
        }
        return provider.logoutTarget(new LogoutContext(known, clientId, Optional.empty(), postLogoutRedirectUri))
                .map(LogoutTarget::endpoint)
                .filter(endpoint -> endpoint.getScheme() != null && endpoint.getHost() != null)
                .map(endpoint -> URI.create(endpoint.getScheme().toLowerCase(Locale.ROOT) + "://"
                        + endpoint.getHost().toLowerCase(Locale.ROOT)
                        + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort())));
    }
}
