package dev.portcullis.testing;

import com.nimbusds.jose.util.JSONObjectUtils;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;

/**
 * Each tenant's JWKS: every key it published (see {@link TenantKeys}). The mock's own JWKS lists only the key it signs
 * with now.
 */
final class JwksRoute implements Route {

    private final TenantKeys keys;

    JwksRoute(TenantKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return request.getMethod().equals("GET") && request.getUrl().encodedPath().endsWith("/jwks");
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        String tenant = TenantShape.tenantOfPath(request.getUrl().encodedPath());
        return MockAnswers.json(JSONObjectUtils.toJSONString(keys.publicKeys(tenant).toJSONObject(true)));
    }
}
