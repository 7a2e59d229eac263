package dev.portcullis.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * OpenID Connect Back-Channel Logout 1.0: a provider's logout token, validated like an ID token of the provider whose
 * issuer it names, its {@code jti} used once on every instance, then every session of its {@code sid} (or of its
 * {@code sub} at that provider) ended on every instance through the revocation store.
 */
final class BackChannelLogout {

    private final ProviderRegistry providers;
    private final Revocations revocations;

    BackChannelLogout(ProviderRegistry providers, Revocations revocations) {
        this.providers = providers;
        this.revocations = revocations;
    }

    /**
     * Ends the sessions a logout token names.
     *
     * @throws TokenRejectedException       when the token is not a valid logout token of an enabled provider, or was used
     * @throws BadRequestException          when no revocation store is configured: there is nothing to end
     * @throws ProviderUnavailableException when the provider's keys or the store cannot be reached
     */
    void accept(String logoutToken) {
        if (!revocations.enabled()) {
            throw new BadRequestException(Reason.MISCONFIGURED, null, "back-channel logout needs auth.revocation.store");
        }
        SignedJWT jwt = TokenVerifier.parseSigned(logoutToken);
        // the issuer read before the signature only chooses which provider's keys and rules verify it
        String issuer = TokenVerifier.payloadClaims(jwt, null).getIssuer();
        ProviderClient client = providers.withIssuer(issuer == null ? "" : issuer).orElseThrow(() -> new TokenRejectedException(
                Reason.TOKEN_FOREIGN, null, "iss", "the logout token's issuer is no enabled provider", null));
        JWTClaimsSet claims = client.resolved().verifier().verifyLogoutToken(logoutToken);
        if (!revocations.firstUse(client.name(), claims.getJWTID())) {
            throw new TokenRejectedException(Reason.LOGOUT_TOKEN_REPLAYED, client.name(), "jti", "the logout token was used before", null);
        }
        if (claims.getClaim("sid") instanceof String sid) {
            revocations.revokeProviderSession(client.name(), sid);
        } else {
            revocations.revokeSubject(client.name(), claims.getSubject());
        }
    }
}
