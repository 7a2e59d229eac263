package dev.portcullis.testing;

import java.net.URI;
import java.util.function.Supplier;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;

/**
 * Auth0's discovery document: the issuer with a trailing slash (which the mock cannot produce), token at
 * {@code /oauth/token}, no revocation endpoint (Auth0 does not advertise one), and {@code end_session_endpoint} only
 * when the tenant has RP-Initiated Logout.
 */
final class Auth0DiscoveryRoute implements Route {

    private final Supplier<URI> origin;
    private final boolean endSession;

    /**
     * @param origin     the provider's origin, known once it listens
     * @param endSession whether the tenant advertises {@code end_session_endpoint}
     */
    Auth0DiscoveryRoute(Supplier<URI> origin, boolean endSession) {
        this.origin = origin;
        this.endSession = endSession;
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return request.getMethod().equals("GET") && request.getUrl().encodedPath().equals(TenantShape.AUTH0.discoveryPath());
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        URI base = origin.get();
        String domain = TenantShape.AUTH0.domain(base).toString();
        StringBuilder json = new StringBuilder("{")
                .append("\"issuer\":\"").append(TenantShape.AUTH0.issuer(base)).append("\",")
                .append("\"authorization_endpoint\":\"").append(domain).append("/authorize\",")
                .append("\"token_endpoint\":\"").append(domain).append("/oauth/token\",")
                .append("\"jwks_uri\":\"").append(domain).append("/jwks\",")
                .append("\"userinfo_endpoint\":\"").append(domain).append("/userinfo\",");
        if (endSession) {
            json.append("\"end_session_endpoint\":\"").append(domain).append("/oidc/logout\",");
        }
        json.append("\"response_types_supported\":[\"code\"],")
                .append("\"subject_types_supported\":[\"public\"],")
                .append("\"id_token_signing_alg_values_supported\":[\"RS256\"],")
                .append("\"code_challenge_methods_supported\":[\"S256\",\"plain\"],")
                .append("\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"]}");
        return MockAnswers.json(json.toString());
    }
}
