package dev.portcullis.testing;

import java.util.HashMap;
import java.util.Map;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * The logout endpoints mock-oauth2-server lacks (it has only {@code /endsession}), as a browser meets them:
 * Auth0's {@code /v2/logout?client_id&returnTo} and {@code /oidc/logout?client_id&post_logout_redirect_uri},
 * and Cognito's {@code /logout?client_id&logout_uri} on the managed-login domain (see
 * {@link TenantShape#logoutReturnParameters()}). Each checks the client id and sends the browser back; without a
 * known client or a return URL it answers 400, as the real ones do.
 */
final class ProviderLogoutRoute implements Route {

    /** The return-URL parameter of each logout endpoint, by path. */
    private final Map<String, String> returnParameters = new HashMap<>();

    ProviderLogoutRoute() {
        for (TenantShape shape : TenantShape.values()) {
            returnParameters.putAll(shape.logoutReturnParameters());
        }
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return request.getMethod().equals("GET") && returnParameters.containsKey(request.getUrl().encodedPath());
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        String target = request.getUrl().queryParameter(returnParameters.get(request.getUrl().encodedPath()));
        if (!EmbeddedProvider.CLIENT_ID.equals(request.getUrl().queryParameter("client_id")) || target == null
                || !(target.startsWith("http://") || target.startsWith("https://"))) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "text/plain"), 400, "invalid logout request", null);
        }
        return new OAuth2HttpResponse(Headers.of("Location", target), 302, "", null);
    }
}
