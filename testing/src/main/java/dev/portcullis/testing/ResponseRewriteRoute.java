package dev.portcullis.testing;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.util.JSONObjectUtils;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Answers made by the mock and then changed: the ID token of a token response while a rewrite is armed (see
 * {@link #armIdTokenRewrite}), and, for a generic tenant with the issuer parameter, its discovery document and the
 * redirect of its authorization response (RFC 9207). Anything else is not matched.
 */
final class ResponseRewriteRoute implements Route {

    /** A rewrite armed by {@link #armIdTokenRewrite}. */
    private record IdTokenRewrite(String tenant, UnaryOperator<String> rewrite) {
    }

    private final Route mock;
    private final boolean issuerParameter;
    private final Supplier<URI> origin;
    private final AtomicReference<IdTokenRewrite> nextIdToken = new AtomicReference<>();

    /**
     * @param mock            the mock's own routes, which make the answers this changes
     * @param issuerParameter whether the generic tenant implements RFC 9207
     * @param origin          the provider's origin, known once it listens
     */
    ResponseRewriteRoute(Route mock, boolean issuerParameter, Supplier<URI> origin) {
        this.mock = mock;
        this.issuerParameter = issuerParameter;
        this.origin = origin;
    }

    /**
     * Arms a one-shot rewrite of the next successful token response of a tenant.
     *
     * @param tenant  the tenant
     * @param rewrite given the ID token the provider issued, the one to send; null to send none
     */
    void armIdTokenRewrite(String tenant, UnaryOperator<String> rewrite) {
        nextIdToken.set(new IdTokenRewrite(tenant, rewrite));
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        String path = request.getUrl().encodedPath();
        boolean post = request.getMethod().equals("POST");
        IdTokenRewrite armed = nextIdToken.get();
        return post && path.endsWith("/token") && armed != null && armed.tenant().equals(TenantShape.tenantOfPath(path))
                || issuerParameter && path.equals(TenantShape.OIDC.discoveryPath())
                || issuerParameter && post && path.equals(TenantShape.OIDC.authorizePath());
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        String path = request.getUrl().encodedPath();
        OAuth2HttpResponse answer = mock.invoke(request);
        if (path.endsWith("/token")) {
            // a refused grant leaves the rewrite armed for the next successful one
            IdTokenRewrite rewrite = answer.getStatus() == 200 ? nextIdToken.getAndSet(null) : null;
            return rewrite == null ? answer : withIdToken(answer, rewrite.rewrite());
        }
        if (path.endsWith("/openid-configuration")) {
            Map<String, Object> metadata = MockAnswers.parse(answer.getBody());
            metadata.put("authorization_response_iss_parameter_supported", true);
            return MockAnswers.json(JSONObjectUtils.toJSONString(metadata));
        }
        String location = answer.getHeaders().get("Location");
        if (answer.getStatus() != 302 || location == null) {
            return answer;
        }
        String issuer = TenantShape.OIDC.issuer(origin.get()).toString();
        String withIssuer = HttpUrl.get(location).newBuilder().addQueryParameter("iss", issuer).build().toString();
        Headers headers = answer.getHeaders().newBuilder().set("Location", withIssuer).build();
        return new OAuth2HttpResponse(headers, 302, answer.getBody(), null);
    }

    private static OAuth2HttpResponse withIdToken(OAuth2HttpResponse answer, UnaryOperator<String> rewrite) {
        Map<String, Object> tokens = MockAnswers.parse(answer.getBody());
        String idToken = rewrite.apply((String) tokens.get("id_token"));
        if (idToken == null) {
            tokens.remove("id_token");
        } else {
            tokens.put("id_token", idToken);
        }
        return MockAnswers.json(JSONObjectUtils.toJSONString(tokens));
    }
}
