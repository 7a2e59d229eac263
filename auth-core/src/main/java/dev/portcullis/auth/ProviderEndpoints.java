package dev.portcullis.auth;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.spi.ClientAuthentication;
import dev.portcullis.auth.spi.Endpoint;

/**
 * A provider's endpoints after discovery and overrides, and what its metadata says about the protocol.
 *
 * @param endpoints              every known endpoint
 * @param issuerParameterSupported whether the provider sends {@code iss} on authorization responses (RFC 9207)
 * @param clientAuthentication   the client authentication to use at its token and revocation endpoints
 */
record ProviderEndpoints(Map<Endpoint, URI> endpoints, boolean issuerParameterSupported, ClientAuthentication clientAuthentication) {

    ProviderEndpoints {
        endpoints = Map.copyOf(new EnumMap<>(endpoints));
    }

    URI require(Endpoint endpoint) {
        URI uri = endpoints.get(endpoint);
        if (uri == null) {
            throw new IllegalStateException(endpoint + " is unknown");
        }
        return uri;
    }

    Optional<URI> get(Endpoint endpoint) {
        return Optional.ofNullable(endpoints.get(endpoint));
    }
}
