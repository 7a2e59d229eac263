package dev.portcullis.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

/**
 * Refreshing tokens: a browser session's, whose new ID token must name the same user as the one it replaces (OpenID
 * Connect Core 12.2), and an API caller's, who holds its own refresh token. For a session it also decides when a
 * refresh is due and what a failed one means ({@link SessionRefresh}). Thread-safe.
 */
final class TokenRefresh {

    /**
     * How long before its access token expires a session is refreshed: a request should not be served on a token that
     * expires while it runs, nor a downstream call made with one.
     */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private final ProviderRegistry providers;
    private final IssuedTokens issued;
    private final Clock clock;
    private final boolean apiCallerRefresh;

    TokenRefresh(ProviderRegistry providers, IssuedTokens issued, Clock clock, boolean apiCallerRefresh) {
        this.providers = providers;
        this.apiCallerRefresh = apiCallerRefresh;
        this.issued = issued;
        this.clock = clock;
    }

    /** See {@link OidcRelyingParty#needsRefresh(Session)}. */
    boolean needsRefresh(Session session) {
        Instant now = clock.instant();
        if (!session.accessTokenExpiresWithin(now, MARGIN)) {
            return false;
        }
        // without a refresh token there is nothing to refresh with: the session lasts as long as its access token, and
        // only then is "refreshed", to end it
        return session.tokens().refreshToken().isPresent() || session.accessTokenExpiresWithin(now, Duration.ZERO);
    }

    /** See {@link OidcRelyingParty#refreshSession(Session)}. */
    SessionRefresh refreshSession(Session session) {
        try {
            return new SessionRefresh.Refreshed(refresh(session));
        } catch (AuthException e) {
            return afterFailure(session, e, clock.instant());
        }
    }

    /** The rule of {@link SessionRefresh}: what a failed refresh of a session means, at a given time. */
    static SessionRefresh afterFailure(Session session, AuthException failure, Instant now) {
        if (failure instanceof SessionEndedException ended && speaksAboutTheUser(ended)) {
            return new SessionRefresh.Ended(session, ended);
        }
        if (!session.accessTokenExpiresWithin(now, Duration.ZERO)) {
            // a concurrent request may have rotated the refresh token, or the provider is down: the access token still
            // vouches for the user, so keep serving, and try again on a later request
            return new SessionRefresh.Postponed(session, failure);
        }
        if (failure instanceof SessionEndedException ended) {
            return new SessionRefresh.Ended(session, ended);
        }
        return new SessionRefresh.Failed(session, failure);
    }

    /**
     * Whether a refresh ended the session for what it says about the user, not about the refresh token: the new ID
     * token names another user or issuer, or was refused for one of its claims, or no enabled provider serves the
     * session. Then the old access token vouches for no one, valid or not. An ID token refused for its key ({@code kid}
     * unknown while the key set is rate-limited, which anyone can bring about by sending tokens with random kids) or
     * its signature is no such reason.
     */
    private static boolean speaksAboutTheUser(SessionEndedException e) {
        if (e.reason() == Reason.IDENTITY_CHANGED || e.reason() == Reason.SESSION_INVALID) {
            return true;
        }
        return e.getCause() instanceof TokenRejectedException rejected
                && rejected.claim().filter(claim -> !claim.equals("kid")).isPresent();
    }

    /** See {@link OidcRelyingParty#refresh(Session)}. */
    Session refresh(Session session) {
        ProviderClient client = providers.find(session.provider()).orElseThrow(() -> new SessionEndedException(
                Reason.SESSION_INVALID, session.provider(), "the session's provider is no longer enabled", null));
        String refreshToken = session.tokens().refreshToken().orElseThrow(() -> new SessionEndedException(
                Reason.REFRESH_REJECTED, client.name(), "the session has no refresh token", null));
        OIDCTokens tokens = client.tokenEndpoint().refresh(refreshToken, ProviderCallLimit.Purpose.USER);
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
        // a refresh is made for a request of the session's, and its cookie is written anew anyway: a use to record
        return new Session(session.provider(), tokenSet, identity, session.createdAt(), session.expiresAt(), clock.instant(),
                session.id());
    }

    /** See {@link OidcRelyingParty#refresh(String, String)}. */
    TokenSet refresh(String provider, String refreshToken) {
        if (!apiCallerRefresh) {
            throw new BadRequestException(Reason.REFRESH_NOT_ACCEPTED, null, "auth.refresh.api-callers is off");
        }
        OAuthParameter.REFRESH_TOKEN.checked(refreshToken);
        ProviderClient client = providers.require(provider);
        OIDCTokens tokens = client.tokenEndpoint().refresh(refreshToken, ProviderCallLimit.Purpose.API_CALLER);
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
