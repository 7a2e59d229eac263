package dev.portcullis.testing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The three tenants of the {@link EmbeddedProvider}, as data: where each one's endpoints are, which claim carries its
 * groups, how its tokens are shaped, and the {@code auth.<name>.*} settings that point a provider module at it. Every
 * path is on the provider's origin ({@code http://127.0.0.1:<port>}), or a proxy's in front of it.
 */
enum TenantShape {

    /** A standard OpenID provider: issuer {@code /oidc}, the mock's own endpoints under it. */
    OIDC("oidc", "/oidc", "/oidc", "/oidc/authorize", "/oidc/token", "groups",
            Map.of(),
            new Tokens("oidc", null, List.of(EmbeddedProvider.API_AUDIENCE), Map.of(), Map.of())),

    /**
     * An Auth0 tenant at the domain {@code /auth0}: its issuer has Auth0's trailing slash, its token endpoint is
     * {@code /oauth/token}, access tokens carry the API audience and the scopes, groups are a namespaced claim.
     */
    AUTH0("auth0", "/auth0/", "/auth0", "/auth0/authorize", "/auth0/oauth/token", EmbeddedProvider.AUTH0_ROLES_CLAIM,
            Map.of("/auth0/v2/logout", "returnTo", "/auth0/oidc/logout", "post_logout_redirect_uri"),
            new Tokens("auth0/oauth", "/auth0/", List.of(EmbeddedProvider.API_AUDIENCE), Map.of(),
                    Map.of("scope", "openid profile email offline_access"))),

    /**
     * A Cognito user pool: the issuer is the pool's path, the managed-login domain {@code /cognito} has the
     * {@code /oauth2/*} endpoints; tokens carry {@code token_use}, access tokens {@code client_id} and no {@code aud}.
     */
    COGNITO("cognito", "/" + EmbeddedProvider.COGNITO_POOL, "/cognito", "/cognito/oauth2/authorize", "/cognito/oauth2/token",
            "cognito:groups",
            Map.of("/cognito/logout", "logout_uri"),
            new Tokens("cognito/oauth2", "/" + EmbeddedProvider.COGNITO_POOL, List.of(), Map.of("token_use", "id"),
                    orderedMap("token_use", "access", "client_id", EmbeddedProvider.CLIENT_ID, "scope", "openid email profile")));

    /**
     * How the mock shapes one tenant's tokens (see {@link ShapedTokens}).
     *
     * @param mockIssuerId   the mock's issuer id of the tenant's token endpoint (the path before {@code /token})
     * @param stampedIssuer  the path of the {@code iss} to stamp, when it is not the token endpoint's issuer path
     * @param accessAudience the access token's {@code aud}; empty for none
     * @param idClaims       extra ID token claims
     * @param accessClaims   extra access token claims
     */
    record Tokens(String mockIssuerId, String stampedIssuer, List<String> accessAudience,
                  Map<String, Object> idClaims, Map<String, Object> accessClaims) {
    }

    private final String tenant;
    private final String issuerPath;
    private final String domainPath;
    private final String authorizePath;
    private final String tokenPath;
    private final String groupsClaim;
    private final Map<String, String> logoutReturnParameters;
    private final Tokens tokens;

    TenantShape(String tenant, String issuerPath, String domainPath, String authorizePath, String tokenPath, String groupsClaim,
                Map<String, String> logoutReturnParameters, Tokens tokens) {
        this.tenant = tenant;
        this.issuerPath = issuerPath;
        this.domainPath = domainPath;
        this.authorizePath = authorizePath;
        this.tokenPath = tokenPath;
        this.groupsClaim = groupsClaim;
        this.logoutReturnParameters = logoutReturnParameters;
        this.tokens = tokens;
    }

    /**
     * The shape of a tenant name.
     *
     * @param tenant {@code oidc}, {@code auth0} or {@code cognito}
     * @return its shape
     * @throws IllegalArgumentException for any other name
     */
    static TenantShape named(String tenant) {
        for (TenantShape shape : values()) {
            if (shape.tenant.equals(tenant)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("no provider shape " + tenant + "; oidc, auth0 or cognito");
    }

    /**
     * Which tenant a mock issuer id (the path before the endpoint) belongs to: Cognito's endpoints live under its
     * domain and its keys under its pool, Auth0's token endpoint under {@code /auth0/oauth}.
     *
     * @param issuerId the issuer id
     * @return the tenant name; {@code default} for the mock's root issuer
     */
    static String tenantOf(String issuerId) {
        if (issuerId.startsWith("auth0")) {
            return AUTH0.tenant;
        }
        if (issuerId.startsWith("cognito") || issuerId.startsWith(EmbeddedProvider.COGNITO_POOL)) {
            return COGNITO.tenant;
        }
        return issuerId.isEmpty() ? "default" : issuerId.split("/")[0];
    }

    /**
     * Which tenant a request path belongs to: its issuer id is the path before the endpoint.
     *
     * @param encodedPath a request path
     * @return the tenant name
     */
    static String tenantOfPath(String encodedPath) {
        return tenantOf(encodedPath.substring(1, Math.max(1, encodedPath.lastIndexOf('/'))));
    }

    /** @return {@code oidc}, {@code auth0} or {@code cognito} */
    String tenant() {
        return tenant;
    }

    /** @return the claim this tenant's tokens carry groups in */
    String groupsClaim() {
        return groupsClaim;
    }

    /** @return the logout endpoints of this tenant beyond the mock's own, each with its return-URL parameter */
    Map<String, String> logoutReturnParameters() {
        return logoutReturnParameters;
    }

    /**
     * The issuer, as its tokens and discovery name it.
     *
     * @param origin the provider's origin, or a proxy's
     * @return the issuer
     */
    URI issuer(URI origin) {
        return URI.create(origin + issuerPath);
    }

    /**
     * Where a provider module finds the tenant: the issuer of a generic provider, the domain of Auth0 and Cognito.
     *
     * @param origin the provider's origin
     * @return the domain
     */
    URI domain(URI origin) {
        return URI.create(origin + domainPath);
    }

    /** @return the path of the authorization endpoint */
    String authorizePath() {
        return authorizePath;
    }

    /** @return the path of the token endpoint */
    String tokenPath() {
        return tokenPath;
    }

    /** @return the path of the discovery document, under the issuer */
    String discoveryPath() {
        return issuerBase() + "/.well-known/openid-configuration";
    }

    /** @return the path of the JWKS, under the issuer */
    String jwksPath() {
        return issuerBase() + "/jwks";
    }

    /**
     * The {@code auth.<tenant>.*} settings that point this tenant's provider module at it.
     *
     * @param origin the provider's origin, or a proxy's
     * @return the settings
     */
    Map<String, String> settings(URI origin) {
        Map<String, String> settings = new LinkedHashMap<>();
        String prefix = "auth." + tenant + ".";
        settings.put(prefix + "client-id", EmbeddedProvider.CLIENT_ID);
        settings.put(prefix + "client-secret", EmbeddedProvider.CLIENT_SECRET);
        switch (this) {
            case OIDC -> {
                settings.put(prefix + "issuer", issuer(origin).toString());
                settings.put(prefix + "audience", EmbeddedProvider.API_AUDIENCE);
            }
            case AUTH0 -> {
                settings.put(prefix + "domain", domain(origin).toString());
                settings.put(prefix + "audience", EmbeddedProvider.API_AUDIENCE);
                settings.put(prefix + "groups-claim", EmbeddedProvider.AUTH0_ROLES_CLAIM);
            }
            case COGNITO -> {
                settings.put(prefix + "domain", domain(origin).toString());
                settings.put(prefix + "issuer", issuer(origin).toString());
            }
        }
        return settings;
    }

    /**
     * The mock's token callback that shapes this tenant's tokens.
     *
     * @param lifetimeSeconds token lifetime, read at each token
     * @return the callback
     */
    ShapedTokens tokenCallback(LongSupplier lifetimeSeconds) {
        return new ShapedTokens(tokens.mockIssuerId(), tokens.stampedIssuer(), tokens.accessAudience(), tokens.idClaims(),
                tokens.accessClaims(), lifetimeSeconds);
    }

    /** The issuer path without Auth0's trailing slash: the mock serves the issuer's documents there. */
    private String issuerBase() {
        return issuerPath.endsWith("/") ? issuerPath.substring(0, issuerPath.length() - 1) : issuerPath;
    }

    /** A map in the order given: the claims appear in the tokens in this order. */
    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
