package dev.portcullis.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;

import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * Shapes the embedded provider's tokens like a real provider's. mock-oauth2-server mints the ID token and the
 * access token of one grant from the same callback, asking for the audience only for the access token; that
 * call tells the two apart.
 *
 * @param issuerId      the mock's issuer id of the token endpoint this tenant uses
 * @param issuerPath    the path of the {@code iss} to stamp (on the token endpoint's origin), when it differs from
 *                      the token endpoint's issuer path
 * @param accessAudience the access token's {@code aud}; empty for none (Cognito)
 * @param idClaims      extra ID token claims
 * @param accessClaims  extra access token claims
 * @param lifetimeSeconds token lifetime, read at each token (a test may lengthen it, see
 *                        {@link EmbeddedProvider#tokenLifetime(long)})
 */
record ShapedTokens(String issuerId,
                    String issuerPath,
                    List<String> accessAudience,
                    Map<String, Object> idClaims,
                    Map<String, Object> accessClaims,
                    LongSupplier lifetimeSeconds) implements OAuth2TokenCallback {

    private static final ThreadLocal<Boolean> MINTING_ACCESS_TOKEN = ThreadLocal.withInitial(() -> false);

    @Override
    public String issuerId() {
        return issuerId;
    }

    @Override
    public String subject(TokenRequest tokenRequest) {
        return "anonymous";
    }

    @Override
    public String typeHeader(TokenRequest tokenRequest) {
        return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest tokenRequest) {
        MINTING_ACCESS_TOKEN.set(true);
        if (tokenRequest.getAuthorizationGrant() instanceof TokenExchangeGrant exchange && exchange.getAudience() != null) {
            // RFC 8693: the exchanged token is for the audience asked for, as Keycloak and Auth0 issue it
            return exchange.getAudience().stream().map(Audience::getValue).toList();
        }
        return accessAudience;
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest tokenRequest) {
        boolean access = MINTING_ACCESS_TOKEN.get();
        MINTING_ACCESS_TOKEN.set(false);
        Map<String, Object> claims = new LinkedHashMap<>(access ? accessClaims : idClaims);
        if (issuerPath != null) {
            java.net.URI endpoint = tokenRequest.getEndpointURI();
            claims.put("iss", endpoint.getScheme() + "://" + endpoint.getRawAuthority() + issuerPath);
        }
        if (access && accessAudience.isEmpty()) {
            // a null value makes the mock drop the claim: Cognito access tokens have no aud
            claims.put("aud", null);
        }
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return lifetimeSeconds.getAsLong();
    }
}
