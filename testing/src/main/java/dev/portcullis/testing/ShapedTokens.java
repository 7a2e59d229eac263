package dev.portcullis.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;

import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * Shapes the embedded provider's tokens like a real provider's. mock-oauth2-server mints the ID token and the
 * access token of one grant from the same callback, asking for the audience only for the access token; that
 * call tells the two apart.
 * <p>
 * A tenant that stamps {@code client_id} on access tokens (Cognito) stamps the requesting client's own on a
 * {@code client_credentials} token, as a Cognito machine-to-machine app client gets it: {@code sub} and
 * {@code client_id} the client's id, {@code scope} the scopes it asked for, {@code token_use=access}, and no
 * {@code username} or {@code aud}.
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
        // the mock asks this only for grants without a signed-in user; a Cognito M2M token's subject is its client
        return machineClient(tokenRequest).orElse("anonymous");
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
        Optional<String> machineClient = machineClient(tokenRequest);
        if (access && machineClient.isPresent()) {
            claims.put("client_id", machineClient.get());
            // the scopes asked for, as Cognito grants an M2M client's custom scopes; none asked, none granted
            claims.put("scope", tokenRequest.getScope() == null ? null : tokenRequest.getScope().toString());
        }
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

    /** The client of a {@code client_credentials} request, when this tenant stamps {@code client_id} on access tokens. */
    private Optional<String> machineClient(TokenRequest tokenRequest) {
        if (!accessClaims.containsKey("client_id") || !(tokenRequest.getAuthorizationGrant() instanceof ClientCredentialsGrant)) {
            return Optional.empty();
        }
        if (tokenRequest.getClientAuthentication() != null) {
            return Optional.of(tokenRequest.getClientAuthentication().getClientID().getValue());
        }
        return Optional.ofNullable(tokenRequest.getClientID()).map(id -> id.getValue());
    }

    @Override
    public long tokenExpiry() {
        return lifetimeSeconds.getAsLong();
    }
}
