package dev.portcullis.service.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Reason;
import dev.portcullis.auth.ReturnTo;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SessionEndedException;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenRejectedException;
import dev.portcullis.service.AuthEvents;
import dev.portcullis.service.HttpRequests;

import io.helidon.common.context.Contexts;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Principal;
import io.helidon.security.ProviderRequest;
import io.helidon.security.Role;
import io.helidon.security.SecurityEnvironment;
import io.helidon.security.SecurityResponse.SecurityStatus;
import io.helidon.security.Subject;
import io.helidon.security.spi.AuthenticationProvider;

/**
 * The one authentication provider behind every guarded resource, on every runtime: a bearer access token
 * from any enabled provider ({@code Authorization: Bearer}; its issuer picks the provider), else the
 * encrypted session cookie of a browser.
 * <ul>
 *   <li>A session whose access token expires within a minute is refreshed first; the new cookies go out with
 *   the response. If that refresh fails while the access token is still valid, the session goes on (another
 *   request may just have rotated the refresh token); once the access token has expired, a refused refresh ends
 *   the session and its cookies are cleared. This is the guard's part of the strategy for concurrent refreshes
 *   described on {@code AuthResource#refresh}: the loser of a race never clears the winner's cookies. A refreshed
 *   ID token that names another user or issuer, or fails validation, ends the session at once.</li>
 *   <li>A cookie-authenticated request that may change state ({@code POST}, {@code PUT}, {@code DELETE}, ...)
 *   must come from this site: cookies alone do not prove the user meant it.</li>
 *   <li>Refusals: 401 with {@code WWW-Authenticate: Bearer} for API callers, a redirect to sign in for browser
 *   navigations, 503 when the provider's keys cannot be read. The answer never says why a token failed; the log
 *   line does, without the token.</li>
 * </ul>
 */
final class SessionOrBearerAuthenticator implements AuthenticationProvider {

    /** The provider name under which it is registered with Helidon Security. */
    static final String NAME = "portcullis";

    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;
    private final Clock clock;

    SessionOrBearerAuthenticator(OidcRelyingParty relyingParty, AuthEvents events, Clock clock) {
        this.relyingParty = relyingParty;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public AuthenticationResponse authenticate(ProviderRequest request) {
        SecurityEnvironment env = request.env();
        Map<String, List<String>> headers = env.headers();
        List<String> authorization = HttpRequests.header(headers, "Authorization");
        if (!authorization.isEmpty()) {
            return bearer(authorization);
        }
        Map<String, String> cookies = HttpRequests.cookies(HttpRequests.header(headers, "Cookie"));
        Optional<Session> session = relyingParty.sessions().read(cookies);
        if (session.isEmpty()) {
            return unauthenticated(env, SecurityStatus.ABSTAIN);
        }
        if (HttpRequests.isUnsafe(env.method()) && HttpRequests.isCrossSite(headers, relyingParty.settings().baseUrl())) {
            events.crossSiteRefused(env.path().orElse("-"));
            return refusal(403, null, "cross-site request with a session cookie");
        }
        return session(env, cookies, session.get());
    }

    private AuthenticationResponse bearer(List<String> authorization) {
        // exactly one Authorization header, of the Bearer scheme with a token (RFC 6750 2.1)
        String value = authorization.size() == 1 ? authorization.get(0).trim() : "";
        if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7) || value.substring(7).isBlank()) {
            events.bearerMalformed();
            return refusal(401, "Bearer error=\"invalid_request\"", "malformed Authorization header");
        }
        try {
            Identity identity = relyingParty.verifyBearer(value.substring(7).trim());
            events.bearerAccepted(identity);
            return AuthenticationResponse.success(subject(identity));
        } catch (TokenRejectedException e) {
            events.bearerRefused(e);
            return refusal(401, "Bearer error=\"invalid_token\"", "bearer token refused");
        } catch (AuthException e) {
            // the provider or its keys cannot be reached: the token may be fine, so do not call it invalid
            events.bearerRefused(e);
            return refusal(503, null, "provider unavailable");
        }
    }

    private AuthenticationResponse session(SecurityEnvironment env, Map<String, String> cookies, Session session) {
        if (!session.accessTokenExpiresWithin(clock.instant(), REFRESH_MARGIN)) {
            return AuthenticationResponse.success(subject(session.identity()));
        }
        if (session.tokens().refreshToken().isEmpty() && !session.accessTokenExpiresWithin(clock.instant(), Duration.ZERO)) {
            // nothing to refresh with: the session simply lasts as long as its access token
            return AuthenticationResponse.success(subject(session.identity()));
        }
        try {
            Session refreshed = relyingParty.refresh(session);
            events.refreshed(refreshed, true);
            AuthenticationResponse.Builder response = AuthenticationResponse.builder()
                    .status(SecurityStatus.SUCCESS)
                    .user(subject(refreshed.identity()));
            for (SetCookie cookie : relyingParty.sessions().write(refreshed, cookies.keySet())) {
                response.responseHeader("Set-Cookie", cookie.headerValue());
            }
            return response.build();
        } catch (AuthException e) {
            if (!session.accessTokenExpiresWithin(clock.instant(), Duration.ZERO) && !identityRefused(e)) {
                // a concurrent request may have rotated the refresh token, or the provider is down: the access
                // token still vouches for the user, so keep serving and try again on a later request
                events.refreshPostponed(session, e);
                return AuthenticationResponse.success(subject(session.identity()));
            }
            if (e instanceof SessionEndedException) {
                events.sessionEnded(session, e);
                ExpiredSessionCookies.clearWithResponse(relyingParty.sessions().clear(cookies.keySet()));
            } else {
                events.refreshFailed(session, e);
            }
            return unauthenticated(env, SecurityStatus.FAILURE);
        }
    }

    /**
     * Whether a refresh ended the session for what the provider said about the user, not for the refresh token: its new
     * ID token names another user or issuer, or fails validation. Then the old access token vouches for no one, valid
     * or not; only a refused refresh token ({@code invalid_grant}, perhaps a concurrent rotation) may wait for it.
     */
    private static boolean identityRefused(AuthException e) {
        if (!(e instanceof SessionEndedException)) {
            return false;
        }
        if (e.reason() == Reason.IDENTITY_CHANGED || e.reason() == Reason.SESSION_INVALID) {
            return true;
        }
        // an ID token refused on a claim (another issuer, audience, ...) speaks about the user; one refused for its
        // key ("kid" unknown while the key set is rate-limited, say, which anyone can bring about by sending tokens with
        // random kids) or its signature is no reason to drop a session whose access token still holds
        return e.getCause() instanceof TokenRejectedException rejected
                && rejected.claim().filter(claim -> !claim.equals("kid")).isPresent();
    }

    /** No usable credentials: browsers are sent to sign in, API callers get a 401 challenge. */
    private AuthenticationResponse unauthenticated(SecurityEnvironment env, SecurityStatus status) {
        AuthenticationResponse.Builder response = AuthenticationResponse.builder().status(status);
        if (HttpRequests.isBrowserNavigation(env.method(), env.headers())) {
            URI target = env.targetUri();
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            response.statusCode(302)
                    .responseHeader("Location", relyingParty.settings().loginUri(Optional.empty(), ReturnTo.parse(path)).toString());
        } else {
            response.statusCode(401).responseHeader("WWW-Authenticate", "Bearer");
        }
        return response.responseHeader("Cache-Control", "no-store").description("not authenticated").build();
    }

    private static AuthenticationResponse refusal(int status, String challenge, String description) {
        AuthenticationResponse.Builder response = AuthenticationResponse.builder()
                .status(SecurityStatus.FAILURE)
                .statusCode(status)
                .responseHeader("Cache-Control", "no-store")
                .description(description);
        if (challenge != null) {
            response.responseHeader("WWW-Authenticate", challenge);
        }
        if (status == 503) {
            response.responseHeader("Retry-After", "30");
        }
        return response.build();
    }

    private static Subject subject(Identity identity) {
        // the principal name is MP JWT's (upn, preferred_username, sub), never the user-editable display name
        Subject.Builder subject = Subject.builder()
                .principal(Principal.builder().id(identity.subject()).name(identity.principalName()).build())
                .addPublicCredential(Identity.class, identity);
        identity.groups().forEach(group -> subject.addGrant(Role.create(group)));
        return subject.build();
    }

    /**
     * Cookies to clear with whatever answer the request gets. Helidon drops an authentication provider's response
     * headers when the endpoint lets anonymous callers in ({@code @PermitAll}); without this, a dead session would be
     * refreshed, and refused, on every request until its maximum age.
     */
    record ExpiredSessionCookies(List<SetCookie> cookies) {

        static void clearWithResponse(List<SetCookie> cookies) {
            Contexts.context().ifPresent(context -> context.register(ExpiredSessionCookies.class, new ExpiredSessionCookies(cookies)));
        }
    }
}
