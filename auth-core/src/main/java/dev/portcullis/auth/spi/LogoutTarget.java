package dev.portcullis.auth.spi;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A provider logout endpoint and the query parameters to send to it. The relying party encodes the
 * parameters onto the endpoint; providers never join query strings themselves.
 *
 * @param endpoint   the logout endpoint, without query
 * @param parameters query parameters in the order they should appear
 */
public record LogoutTarget(URI endpoint, Map<String, String> parameters) {

    /**
     * Freezes the target, keeping the parameter order.
     *
     * @param endpoint   endpoint
     * @param parameters parameters
     */
    public LogoutTarget {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("logout endpoint must have no query or fragment: " + endpoint);
        }
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * OpenID Connect RP-Initiated Logout 1.0: {@code id_token_hint}, {@code post_logout_redirect_uri} and
     * {@code client_id} at the given end-session endpoint.
     *
     * @param endSessionEndpoint the provider's {@code end_session_endpoint}
     * @param context            the logout context
     * @return the target
     */
    public static LogoutTarget rpInitiated(URI endSessionEndpoint, LogoutContext context) {
        Map<String, String> parameters = new LinkedHashMap<>();
        context.idTokenHint().ifPresent(hint -> parameters.put("id_token_hint", hint));
        parameters.put("post_logout_redirect_uri", context.postLogoutRedirectUri().toString());
        parameters.put("client_id", context.clientId());
        return new LogoutTarget(endSessionEndpoint, parameters);
    }

    @Override
    public String toString() {
        // parameters may hold an ID token hint
        return "LogoutTarget[endpoint=" + endpoint + ", parameters=" + parameters.keySet() + "]";
    }
}
