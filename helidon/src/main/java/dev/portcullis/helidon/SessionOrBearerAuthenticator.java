package dev.portcullis.helidon;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SessionRefresh;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenRejectedException;

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
 *   described on {@code RefreshResource#refresh}: the loser of a race never clears the winner's cookies. A refreshed
 *   ID token that names another user or issuer, or fails validation, ends the session at once.</li>
 *   <li>With {@code auth.session.idle-timeout}, a session not used for that long ends, without asking the provider, as
 *   one whose refresh is refused does: its cookies cleared, a browser sent to sign in, an API caller answered 401. A
 *   session in use gets its cookie re-sealed with the time of its last use, at most once a minute.</li>
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

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;

    SessionOrBearerAuthenticator(OidcRelyingParty relyingParty, AuthEvents events) {
        this.relyingParty = relyingParty;
        this.events = events;
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
            String token = value.substring(7).trim();
            Identity identity = relyingParty.verifyBearer(token);
            events.bearerAccepted(identity);
            CallerToken.keep(identity.provider(), token);
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
        Optional<SessionRefresh.Ended> revoked;
        try {
            revoked = relyingParty.revoked(session);
        } catch (AuthException e) {
            // the revocation store cannot be read and auth.revocation.on-outage=deny
            events.refreshFailed(session, e);
            return refusal(503, null, "revocation store unavailable");
        }
        if (revoked.isPresent()) {
            events.sessionEnded(session, revoked.get().cause());
            ExpiredSessionCookies.clearWithResponse(relyingParty.sessions().clear(cookies.keySet()));
            return unauthenticated(env, SecurityStatus.FAILURE);
        }
        if (!relyingParty.needsRefresh(session)) {
            CallerToken.keep(session.provider(), session.tokens().accessToken());
            // with an idle timeout, the cookie records this use, though at most once a minute: not on every answer
            return relyingParty.touch(session)
                    .map(used -> withCookies(used, cookies))
                    .orElseGet(() -> AuthenticationResponse.success(subject(session.identity())));
        }
        // the rule (what a refresh that fails means for the session and its cookies) is the auth module's, once
        return switch (relyingParty.refreshSession(session)) {
            case SessionRefresh.Refreshed refreshed -> {
                events.refreshed(refreshed.session(), true);
                CallerToken.keep(refreshed.session().provider(), refreshed.session().tokens().accessToken());
                yield withCookies(refreshed.session(), cookies);
            }
            case SessionRefresh.Postponed postponed -> {
                events.refreshPostponed(session, postponed.cause());
                CallerToken.keep(session.provider(), session.tokens().accessToken());
                yield AuthenticationResponse.success(subject(session.identity()));
            }
            case SessionRefresh.Ended ended -> {
                events.sessionEnded(session, ended.cause());
                ExpiredSessionCookies.clearWithResponse(relyingParty.sessions().clear(cookies.keySet()));
                yield unauthenticated(env, SecurityStatus.FAILURE);
            }
            case SessionRefresh.Failed failed -> {
                events.refreshFailed(session, failed.cause());
                yield unauthenticated(env, SecurityStatus.FAILURE);
            }
        };
    }

    /** Signed in with the session, whose cookies go out with the answer. */
    private AuthenticationResponse withCookies(Session session, Map<String, String> cookies) {
        AuthenticationResponse.Builder response = AuthenticationResponse.builder()
                .status(SecurityStatus.SUCCESS)
                .user(subject(session.identity()));
        for (SetCookie cookie : relyingParty.sessions().write(session, cookies.keySet())) {
            response.responseHeader("Set-Cookie", cookie.headerValue());
        }
        return response.build();
    }

    /** No usable credentials: browsers are sent to sign in, API callers get a 401 challenge. */
    private AuthenticationResponse unauthenticated(SecurityEnvironment env, SecurityStatus status) {
        AuthenticationResponse.Builder response = AuthenticationResponse.builder().status(status);
        if (HttpRequests.isBrowserNavigation(env.method(), env.headers())) {
            URI target = env.targetUri();
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            response.statusCode(302)
                    .responseHeader("Location", relyingParty.settings().loginUri(Optional.empty(), relyingParty.settings().returnTo(path)).toString());
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
