package dev.portcullis.client;

import java.util.Objects;
import java.util.function.Supplier;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Sends {@code Authorization: Bearer <token>} with every call, the token asked from the caller's supplier each time
 * (so a refreshed token is used as soon as the caller has it). Register it on the builder:
 * {@code RestClientBuilder.newBuilder().register(BearerToken.from(tokens::accessToken))}. It replaces a token
 * {@link IncomingBearerPropagation} took from the incoming request; a supplier that gives null or blank sends none.
 */
public final class BearerToken implements ClientRequestFilter {

    private final Supplier<String> accessToken;

    private BearerToken(Supplier<String> accessToken) {
        this.accessToken = accessToken;
    }

    /**
     * A filter that sends the supplier's access token.
     *
     * @param accessToken gives the current access token
     * @return the filter
     */
    public static BearerToken from(Supplier<String> accessToken) {
        return new BearerToken(Objects.requireNonNull(accessToken, "accessToken"));
    }

    @Override
    public void filter(ClientRequestContext request) {
        String token = accessToken.get();
        if (token != null && !token.isBlank()) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token.strip());
        }
    }
}
