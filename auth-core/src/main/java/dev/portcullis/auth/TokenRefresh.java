package dev.portcullis.auth;

import java.util.Date;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

/**
 * Refreshing tokens: a browser session's, whose new ID token must name the same user as the one it replaces (OpenID
 * Connect Core 12.2), and an API caller's, who holds its own refresh token. Thread-safe.
 */
final class TokenRefresh {

    private final ProviderRegistry providers;
    private final IssuedTokens issued;

    TokenRefresh(ProviderRegistry providers, IssuedTokens issued) {
        this.providers = providers;
        this.issued = issued;
    }

    /** See {@link OidcRelyingParty#refresh(Session)}. */
    Session refresh(Session session) {
        ProviderClient client = providers.find(session.provider()).orElseThrow(() -> new SessionEndedException(
                Reason.SESSION_INVALID, session.provider(), "the session's provider is no longer enabled", null));
        String refreshToken = session.tokens().refreshToken().orElseThrow(() -> new SessionEndedException(
                Reason.REFRESH_REJECTED, client.name(), "the session has no refresh token", null));
        OIDCTokens tokens = client.tokenEndpoint().refresh(refreshToken);
        Optional<String> newIdToken = Optional.ofNullable(tokens.getIDTokenString());
        JWTClaimsSet idClaims;
        if (newIdToken.isPresent()) {
            try {
                idClaims = client.resolved().verifier().verifyIdToken(newIdToken.get(), Optional.empty());
            } catch (TokenRejectedException e) {
                throw new SessionEndedException(e.reason(), client.name(), "refreshed ID token rejected", e);
            }
            requireSameUser(client, session, idClaims);
        } else {
            idClaims = toClaims(session.identity().claims());
        }
        TokenSet tokenSet = issued.tokenSet(tokens, newIdToken.or(() -> session.tokens().idToken()), Optional.of(refreshToken));
        Identity identity = issued.sessionIdentity(client, idClaims, tokenSet);
        return new Session(session.provider(), tokenSet, identity, session.createdAt(), session.expiresAt());
    }

    /** See {@link OidcRelyingParty#refresh(String, String)}. */
    TokenSet refresh(String provider, String refreshToken) {
        ProviderClient client = providers.require(provider);
        OIDCTokens tokens = client.tokenEndpoint().refresh(refreshToken);
        Optional<String> idToken = Optional.ofNullable(tokens.getIDTokenString());
        idToken.ifPresent(token -> client.resolved().verifier().verifyIdToken(token, Optional.empty()));
        return issued.tokenSet(tokens, idToken, Optional.of(refreshToken));
    }

    /**
     * OpenID Connect Core 12.2: a refreshed ID token has the same {@code iss} and {@code sub} as the session's, and
     * (when both have one) the same {@code auth_time}; else someone else signed in, and the session is not theirs.
     */
    private static void requireSameUser(ProviderClient client, Session session, JWTClaimsSet idClaims) {
        Object authTime = session.identity().claims().get("auth_time");
        Object newAuthTime = idClaims.getClaim("auth_time");
        if (!session.identity().subject().equals(idClaims.getSubject())
                || !client.issuer().equals(idClaims.getIssuer())
                || authTime != null && newAuthTime != null && !sameInstant(authTime, newAuthTime)) {
            throw new SessionEndedException(Reason.IDENTITY_CHANGED, client.name(), "refreshed ID token names another user", null);
        }
    }

    /** {@code auth_time} as parsed from a token (a Date) or read back from a session's claims (a Date or a number). */
    private static boolean sameInstant(Object a, Object b) {
        return epochSeconds(a) == epochSeconds(b);
    }

    private static long epochSeconds(Object time) {
        if (time instanceof Date date) {
            return date.getTime() / 1000;
        }
        return time instanceof Number number ? number.longValue() : Long.MIN_VALUE;
    }

    private static JWTClaimsSet toClaims(Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        return builder.build();
    }
}
