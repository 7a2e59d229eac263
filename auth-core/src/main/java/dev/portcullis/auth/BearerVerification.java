package dev.portcullis.auth;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifying bearer access tokens: the token's issuer picks the provider whose keys and access-token rules apply, and a
 * token verified before is served from memory while it has not expired and its key is still published. Thread-safe.
 */
final class BearerVerification {

    private final ProviderRegistry providers;
    private final VerifiedTokens verifiedTokens;
    private final Clock clock;

    BearerVerification(ProviderRegistry providers, Clock clock) {
        this.providers = providers;
        this.verifiedTokens = new VerifiedTokens(VerifiedTokens.DEFAULT_MAX_ENTRIES, clock);
        this.clock = clock;
    }

    /** See {@link OidcRelyingParty#verifyBearer(String)}. */
    Identity verify(String token) {
        if (token != null && token.length() <= TokenVerifier.MAX_TOKEN_LENGTH) {
            Optional<VerifiedTokens.Entry> verified = verifiedTokens.find(token,
                    entry -> entry.provider().publishes(entry.issuer(), entry.key()));
            if (verified.isPresent()) {
                return verified.get().identity();
            }
        }
        SignedJWT jwt = TokenVerifier.parseSigned(token);
        // read once, to find the issuer; trusted only after the signature over this payload has verified
        JWTClaimsSet payload = TokenVerifier.payloadClaims(jwt, null);
        ProviderClient client = providers.acceptingBearerTokensFrom(payload.getIssuer()).orElseThrow(() -> new TokenRejectedException(
                Reason.TOKEN_FOREIGN, null, "iss", "no enabled provider accepts tokens from this issuer", null));
        // the keys and exact iss of the issuer the token names: the provider's own, or one of its other bearer issuers
        TokenVerifier.VerifiedAccessToken verified = client.bearerVerifier(payload.getIssuer()).verifyAccessToken(jwt, payload);
        JWTClaimsSet claims = verified.claims();
        Set<String> groups = client.roles().ofAccessToken(claims);
        Identity identity = new Identity(client.name(), claims.getSubject(), groups, claims.getClaims(), token,
                claims.getExpirationTime().toInstant(), Identity.Source.BEARER);
        // remembered with the very key that verified it (its kid named it, and no other key was tried), so that the
        // memory ends when that key leaves the provider's key set
        verified.key().ifPresent(key -> verifiedTokens.put(new VerifiedTokens.Entry(identity, client, claims.getIssuer(), key)));
        return identity;
    }

    /**
     * Runs the whole verification once on a token the provider never issued, which it refuses, so that the classes and
     * code paths of a first request are loaded and compiled before a snapshot or a first caller.
     */
    void exercise(ProviderClient client) {
        if (client.descriptor().accessTokenRules().isEmpty()) {
            return;
        }
        try {
            verify(SyntheticToken.signedFor(client.issuer(), clock.instant()));
        } catch (AuthException expected) {
            // refused, as it must be: the point was to run the validator's code once
        }
    }

    /** Forgets every verified token, so that each is verified again. */
    void forgetVerifiedTokens() {
        verifiedTokens.clear();
    }
}
