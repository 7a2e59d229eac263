package dev.portcullis.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

/**
 * What a session keeps of a token response, at sign-in and at each refresh alike: the {@link TokenSet}, with when its
 * access token expires, and the session's {@link Identity} from the validated ID token. Immutable and thread-safe.
 */
final class IssuedTokens {

    /** Used when the token response gives no lifetime and the access token is not a JWT. */
    private static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final Clock clock;

    IssuedTokens(Clock clock) {
        this.clock = clock;
    }

    /**
     * The tokens to keep.
     *
     * @param idToken              the ID token to keep: the response's, or at a refresh without one the session's
     * @param previousRefreshToken kept when the provider sent no new one (not every provider rotates them)
     */
    TokenSet tokenSet(OIDCTokens tokens, Optional<String> idToken, Optional<String> previousRefreshToken) {
        Optional<String> refreshToken = Optional.ofNullable(tokens.getRefreshToken()).map(RefreshToken::getValue)
                .or(() -> previousRefreshToken);
        String tokenType = tokens.getAccessToken().getType().getValue();
        return new TokenSet(tokens.getAccessToken().getValue(), idToken, refreshToken, accessTokenExpiry(tokens.getAccessToken()),
                tokenType);
    }

    /**
     * The session's user from the ID token; groups from the ID token's groups claim or, when it has none (Auth0
     * puts {@code permissions} only in access tokens), from the access token if it validates for this service; with
     * {@code auth.<name>.roles-from-scope}, also the scopes of that access token.
     */
    Identity sessionIdentity(ProviderClient client, JWTClaimsSet idClaims, TokenSet tokens) {
        CallerRoles roles = client.roles();
        boolean idTokenHasGroups = idClaims.getClaim(roles.groupsClaim()) != null;
        Set<String> groups = new LinkedHashSet<>(GroupsClaim.read(idClaims.getClaim(roles.groupsClaim())));
        if ((!idTokenHasGroups || roles.fromScope()) && client.descriptor().accessTokenRules().isPresent()) {
            try {
                JWTClaimsSet accessClaims = client.resolved().verifier()
                        .verifyAccessToken(TokenVerifier.parseSigned(tokens.accessToken())).claims();
                if (!idTokenHasGroups) {
                    groups.addAll(GroupsClaim.read(accessClaims.getClaim(roles.groupsClaim())));
                }
                groups.addAll(roles.scopeRoles(accessClaims));
            } catch (TokenRejectedException e) {
                // an opaque or foreign access token carries no groups or scopes for us
            }
        }
        return new Identity(client.name(), idClaims.getSubject(), groups, idClaims.getClaims(),
                tokens.idToken().orElseThrow(), tokens.accessTokenExpiresAt(), Identity.Source.SESSION);
    }

    /** When an access token from a token response expires: its {@code expires_in}, else its JWT {@code exp}. */
    private Instant accessTokenExpiry(AccessToken accessToken) {
        Instant now = clock.instant();
        if (accessToken.getLifetime() > 0) {
            return now.plusSeconds(accessToken.getLifetime());
        }
        try {
            Date exp = JWTParser.parse(accessToken.getValue()).getJWTClaimsSet().getExpirationTime();
            if (exp != null) {
                return exp.toInstant();
            }
        } catch (java.text.ParseException e) {
            // opaque access token
        }
        return now.plus(DEFAULT_ACCESS_TOKEN_LIFETIME);
    }
}
