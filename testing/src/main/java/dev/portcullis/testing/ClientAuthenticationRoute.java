package dev.portcullis.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * The client authentication mock-oauth2-server does not do: the token and revocation endpoints answer
 * {@code 401 invalid_client} unless the request carries the client's id and current secret, or the machine-to-machine
 * client's ({@link EmbeddedProvider#M2M_CLIENT_ID}), by HTTP Basic or in the form (RFC 6749 2.3.1).
 */
final class ClientAuthenticationRoute implements Route {

    private volatile String clientSecret = EmbeddedProvider.CLIENT_SECRET;

    /**
     * Accepts another secret from now on, and no longer the one before, as a rotation at the provider does.
     *
     * @param secret the new secret
     */
    void rotate(String secret) {
        this.clientSecret = secret;
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        String path = request.getUrl().encodedPath();
        return request.getMethod().equals("POST") && (path.endsWith("/token") || path.endsWith("/revoke"))
                && !authenticated(request);
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json", "WWW-Authenticate", "Basic"), 401,
                "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}", null);
    }

    private boolean authenticated(OAuth2HttpRequest request) {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            String[] parts = decoded.split(":", 2);
            return parts.length == 2 && known(decodeForm(parts[0]), decodeForm(parts[1]));
        }
        return known(request.getFormParameters().get("client_id"), request.getFormParameters().get("client_secret"));
    }

    private boolean known(String clientId, String secret) {
        return EmbeddedProvider.CLIENT_ID.equals(clientId) && clientSecret.equals(secret)
                || EmbeddedProvider.M2M_CLIENT_ID.equals(clientId) && EmbeddedProvider.M2M_CLIENT_SECRET.equals(secret);
    }

    /** RFC 6749 2.3.1: Basic credentials are form-encoded first. */
    private static String decodeForm(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
