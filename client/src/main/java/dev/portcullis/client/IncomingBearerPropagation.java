package dev.portcullis.client;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Inside a JAX-RS service, sends the incoming request's bearer token on: a call made while serving a request that came
 * with exactly one {@code Authorization: Bearer} header carries the same header, so the API sees the same caller.
 * Nothing else is propagated (no cookie, no other scheme), and nothing outside a request. The token goes to whatever
 * base URL the client has: point it only at a service the token is meant for (its audience).
 */
public final class IncomingBearerPropagation implements ClientHeadersFactory {

    private static final String SCHEME = "Bearer ";

    /**
     * For the REST client implementation.
     */
    public IncomingBearerPropagation() {
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incomingHeaders,
                                                 MultivaluedMap<String, String> clientOutgoingHeaders) {
        MultivaluedMap<String, String> added = new MultivaluedHashMap<>();
        if (header(clientOutgoingHeaders).isEmpty()) {
            List<String> incoming = header(incomingHeaders);
            if (incoming.size() == 1 && incoming.get(0).regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                added.putSingle(HttpHeaders.AUTHORIZATION, incoming.get(0));
            }
        }
        return added;
    }

    /** The Authorization header's values: header names are case-insensitive, and not every map knows it. */
    private static List<String> header(MultivaluedMap<String, String> headers) {
        if (headers == null) {
            return List.of();
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (HttpHeaders.AUTHORIZATION.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                return header.getValue();
            }
        }
        return List.of();
    }
}
