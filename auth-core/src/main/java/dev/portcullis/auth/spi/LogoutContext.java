package dev.portcullis.auth.spi;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's logout strategy may use to build its logout URL.
 *
 * @param endpoints             the provider's endpoints after discovery and overrides
 * @param clientId              this service's client id at the provider
 * @param idTokenHint           the ID token of the session being ended, when the session had one
 * @param postLogoutRedirectUri where the provider should send the browser back to: {@code ${auth.base-url}/}
 */
public record LogoutContext(Map<Endpoint, URI> endpoints,
                            String clientId,
                            Optional<String> idTokenHint,
                            URI postLogoutRedirectUri) {

    /**
     * Freezes the context.
     *
     * @param endpoints             endpoints
     * @param clientId              client id
     * @param idTokenHint           ID token hint
     * @param postLogoutRedirectUri return address
     */
    public LogoutContext {
        endpoints = Map.copyOf(endpoints);
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(idTokenHint, "idTokenHint");
        Objects.requireNonNull(postLogoutRedirectUri, "postLogoutRedirectUri");
    }

    /**
     * One endpoint, if the provider has it.
     *
     * @param endpoint which endpoint
     * @return its URI, or empty
     */
    public Optional<URI> endpoint(Endpoint endpoint) {
        return Optional.ofNullable(endpoints.get(endpoint));
    }

    @Override
    public String toString() {
        // the ID token hint is a credential: never print it
        return "LogoutContext[clientId=" + clientId + ", postLogoutRedirectUri=" + postLogoutRedirectUri + "]";
    }
}
