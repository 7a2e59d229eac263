package dev.portcullis.service.security;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.ProviderUnavailableException;
import dev.portcullis.auth.ReturnTo;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SessionEndedException;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenRejectedException;
import dev.portcullis.service.HttpRequests;

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
 * encrypted session cookie of a browser. A session whose access token expires within a minute is refreshed
 * first, and its new cookies go out with the response.
 * <p>
 * Refusals: 401 with {@code WWW-Authenticate: Bearer} for API callers, a redirect to sign in for browser
 * navigations. The answer never says why a token failed; the log line does, without the token.
 */
final class SessionOrBearerAuthenticator implements AuthenticationProvider {

    /** The provider name under which it is registered with Helidon Security. */
    static final String NAME = "portcullis";

    private static final System.Logger LOG = System.getLogger(SessionOrBearerAuthenticator.class.getName());
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final OidcRelyingParty relyingParty;
    private final Clock clock;

    SessionOrBearerAuthenticator(OidcRelyingParty relyingParty, Clock clock) {
        this.relyingParty = relyingParty;
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
            return unauthenticated(env, headers, List.of(), SecurityStatus.ABSTAIN);
        }
        return session(env, headers, cookies, session.get());
    }

    private AuthenticationResponse bearer(List<String> authorization) {
        // exactly one Authorization header, of the Bearer scheme with a token (RFC 6750 2.1)
        String value = authorization.size() == 1 ? authorization.get(0).trim() : "";
        if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7) || value.substring(7).isBlank()) {
            LOG.log(Level.DEBUG, "bearer refused: malformed Authorization header");
            return refusal(401, "Bearer error=\"invalid_request\"");
        }
        try {
            Identity identity = relyingParty.verifyBearer(value.substring(7).trim());
            return AuthenticationResponse.success(subject(identity));
        } catch (TokenRejectedException e) {
            LOG.log(Level.INFO, "bearer refused: provider={0} reason={1} claim={2}",
                    e.provider().orElse("-"), e.reason(), e.claim().orElse("-"));
            return refusal(401, "Bearer error=\"invalid_token\"");
        }
    }

    private AuthenticationResponse session(SecurityEnvironment env, Map<String, List<String>> headers,
                                           Map<String, String> cookies, Session session) {
        if (!session.accessTokenExpiresWithin(clock.instant(), REFRESH_MARGIN)) {
            return AuthenticationResponse.success(subject(session.identity()));
        }
        try {
            Session refreshed = relyingParty.refresh(session);
            LOG.log(Level.INFO, "session refreshed: provider={0} sub={1}", refreshed.provider(), refreshed.identity().subject());
            AuthenticationResponse.Builder response = AuthenticationResponse.builder()
                    .status(SecurityStatus.SUCCESS)
                    .user(subject(refreshed));
            for (SetCookie cookie : relyingParty.sessions().write(refreshed, cookies.keySet())) {
                response.responseHeader("Set-Cookie", cookie.headerValue());
            }
            return response.build();
        } catch (SessionEndedException e) {
            LOG.log(Level.INFO, "session ended: provider={0} sub={1} reason={2}",
                    session.provider(), session.identity().subject(), e.reason());
            List<String> clear = relyingParty.sessions().clear(cookies.keySet()).stream().map(SetCookie::headerValue).toList();
            return unauthenticated(env, headers, clear, SecurityStatus.FAILURE);
        } catch (ProviderUnavailableException e) {
            if (session.accessTokenExpiresWithin(clock.instant(), Duration.ZERO)) {
                LOG.log(Level.WARNING, "session refresh failed and the access token has expired: provider={0} reason={1}",
                        session.provider(), e.reason());
                return unauthenticated(env, headers, List.of(), SecurityStatus.FAILURE);
            }
            // the provider is down but the access token is still good: keep serving, refresh on a later request
            LOG.log(Level.WARNING, "session refresh postponed: provider={0} reason={1}", session.provider(), e.reason());
            return AuthenticationResponse.success(subject(session.identity()));
        }
    }

    /** No usable credentials: browsers are sent to sign in, API callers get a 401 challenge. */
    private AuthenticationResponse unauthenticated(SecurityEnvironment env, Map<String, List<String>> headers,
                                                   List<String> setCookies, SecurityStatus status) {
        AuthenticationResponse.Builder response = AuthenticationResponse.builder().status(status);
        if (HttpRequests.isBrowserNavigation(env.method(), headers)) {
            URI target = env.targetUri();
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            response.statusCode(302)
                    .responseHeader("Location", relyingParty.settings().loginUri(Optional.empty(), ReturnTo.parse(path)).toString());
        } else {
            response.statusCode(401).responseHeader("WWW-Authenticate", "Bearer");
        }
        response.responseHeader("Cache-Control", "no-store");
        if (!setCookies.isEmpty()) {
            response.responseHeader("Set-Cookie", new ArrayList<>(setCookies));
        }
        return response.description("not authenticated").build();
    }

    private static AuthenticationResponse refusal(int status, String challenge) {
        return AuthenticationResponse.builder()
                .status(SecurityStatus.FAILURE)
                .statusCode(status)
                .responseHeader("WWW-Authenticate", challenge)
                .responseHeader("Cache-Control", "no-store")
                .description("bearer token refused")
                .build();
    }

    private static Subject subject(Session session) {
        return subject(session.identity());
    }

    private static Subject subject(Identity identity) {
        Subject.Builder subject = Subject.builder()
                .principal(Principal.builder().id(identity.subject()).name(identity.name()).build())
                .addPublicCredential(Identity.class, identity);
        identity.groups().forEach(group -> subject.addGrant(Role.create(group)));
        return subject.build();
    }
}
