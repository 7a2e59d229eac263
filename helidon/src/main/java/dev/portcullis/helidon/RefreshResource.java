package dev.portcullis.helidon;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SessionEndedException;
import dev.portcullis.auth.SessionRefresh;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenSet;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /auth/refresh}: new tokens for a browser session, or for an API caller that holds its own refresh token.
 * <p>
 * No {@code @Path} on the class: Helidon would take it for a resource of the application's own. It is served only in
 * Portcullis' application, at {@code /refresh} under {@code auth.base-path} ({@link PortcullisApplication}). It holds no state
 * between requests: the login state and the session travel in encrypted cookies.
 */
@ApplicationScoped
public class RefreshResource {

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;
    private final AuthErrorResponses errors;
    private final Clock clock;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param events where outcomes are logged
     * @param pages the pages: the application's, when it replaces Portcullis' own
     * @param clock the clock
     */
    @Inject
    RefreshResource(OidcRelyingParty relyingParty, AuthEvents events, SignInPages pages, @PortcullisClock Clock clock) {
        this.relyingParty = relyingParty;
        this.events = events;
        this.errors = new AuthErrorResponses(relyingParty, pages);
        this.clock = clock;
    }

    /**
     * For CDI proxies.
     */
    RefreshResource() {
        this.relyingParty = null;
        this.events = null;
        this.errors = null;
        this.clock = null;
    }

    /**
     * Refreshes tokens. With {@code refresh_token} (and {@code provider}) in the form: an API caller refreshing
     * its own tokens, answered with the provider's token JSON. Without: the browser session, whose cookie is
     * rewritten; a browser is sent back to {@code auth.default-return-to}, a script gets {@code {"expires_at": ...}}.
     * {@code invalid_grant} once the session's access token has expired ends the session: its cookies are cleared
     * and the answer is 401.
     * <p>
     * Concurrent refreshes of one session. Requests that carry the same session cookie carry the same refresh token,
     * and with no store shared by every instance (by design: many Lambdas, nothing kept in one process) none of them
     * can know of the others, so each presents it to the provider. Where the provider rotates refresh tokens:
     * <ul>
     *   <li>every refresh that succeeds writes a complete session, so whichever answer the browser keeps last holds a
     *   working session;</li>
     *   <li>a refresh refused ({@code invalid_grant}) while the session's access token is still valid changes nothing:
     *   no cookie is cleared, so the loser of the race cannot overwrite the winner's new session. A browser is sent
     *   back ({@code auth.default-return-to}), a script gets 409 {@code refresh_conflict} with the unchanged {@code expires_at}. The guard
     *   does the same for its refresh before a request ({@code SessionOrBearerAuthenticator});</li>
     *   <li>a provider with reuse detection (a used refresh token presented again revokes its whole family) must let
     *   the just-rotated token be used once more for a few seconds: Auth0's rotation overlap period (reuse interval),
     *   Okta's grace period. Both requests then get working tokens. Without it the family is revoked, and the session
     *   ends, cleanly, at the first refresh after its access token expired.</li>
     * </ul>
     *
     * The body is an {@code application/x-www-form-urlencoded} form ({@code refresh_token} and {@code provider} for an
     * API caller), or nothing at all: no {@code Content-Type}, as a script's {@code POST} sends, is the session's
     * refresh. A body that is not such a form gets 400, 413 or 415, never a server error.
     *
     * @param headers the request headers
     * @param body    the request body
     * @return the answer
     */
    @POST
    public Response refresh(@Context HttpHeaders headers, InputStream body) {
        Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
        Map<String, String> form;
        try {
            form = FormBody.read(HttpRequests.header(requestHeaders, HttpHeaders.CONTENT_TYPE).stream().findFirst(), body);
        } catch (FormBody.Unreadable e) {
            return HttpAnswers.unreadable(e.status(), e.getMessage(), requestHeaders);
        }
        String refreshToken = form.get("refresh_token");
        String provider = form.get("provider");
        if (refreshToken != null && !refreshToken.isBlank()) {
            return refreshForApiCaller(refreshToken, relyingParty.settings().providerOrDefault(provider), requestHeaders);
        }
        if (HttpRequests.isCrossSite(requestHeaders, relyingParty.settings().baseUrl())) {
            events.crossSiteRefused(relyingParty.settings().basePath() + "/refresh");
            return HttpAnswers.crossSiteRefused(requestHeaders);
        }
        Map<String, String> cookies = HttpRequests.cookies(headers.getRequestHeaders());
        Optional<Session> session = relyingParty.sessions().read(cookies);
        if (session.isEmpty()) {
            SessionEndedException none = relyingParty.sessions().noSession();
            // no session came: nothing ended, and a request without one must not count as a session ending
            events.refused("refresh refused", none);
            return errors.toResponse(none, requestHeaders, relyingParty.sessions().clear(cookies.keySet()));
        }
        // the rule (what a refresh that fails means for the session and its cookies) is the auth module's, once
        return switch (relyingParty.refreshSession(session.get())) {
            case SessionRefresh.Refreshed refreshed -> {
                events.refreshed(refreshed.session(), false);
                List<SetCookie> setCookies = relyingParty.sessions().write(refreshed.session(), cookies.keySet());
                if (HttpRequests.wantsHtml(requestHeaders)) {
                    yield HttpAnswers.redirect(Response.Status.SEE_OTHER, landing(), setCookies);
                }
                yield HttpAnswers.withCookies(HttpAnswers.noStore(Response.ok(HttpAnswers.JSON.createObjectBuilder()
                        .add("provider", refreshed.session().provider())
                        .add("expires_at", refreshed.session().tokens().accessTokenExpiresAt().toString())
                        .build().toString(), MediaType.APPLICATION_JSON_TYPE)), setCookies).build();
            }
            case SessionRefresh.Postponed postponed -> {
                events.refreshPostponed(session.get(), postponed.cause());
                // nothing changed. A refused refresh token (the loser of two concurrent refreshes, say) is a conflict the
                // caller can live with; a provider that could not be asked is said to be so
                yield postponed.cause() instanceof SessionEndedException
                        ? refreshNotDone(session.get(), requestHeaders)
                        : errors.toResponse(postponed.cause(), requestHeaders, List.of());
            }
            case SessionRefresh.Ended ended -> {
                events.sessionEnded(session.get(), ended.cause());
                yield errors.toResponse(ended.cause(), requestHeaders, relyingParty.sessions().clear(cookies.keySet()));
            }
            case SessionRefresh.Failed failed -> {
                events.refreshFailed(session.get(), failed.cause());
                yield errors.toResponse(failed.cause(), requestHeaders, List.of());
            }
        };
    }

    /**
     * The answer to a refresh the provider refused while the session's access token is still valid: nothing changes.
     * A browser goes back to {@code auth.default-return-to} (still signed in), a script gets 409 and until when the session holds.
     */
    private Response refreshNotDone(Session session, Map<String, List<String>> headers) {
        if (HttpRequests.wantsHtml(headers)) {
            return HttpAnswers.redirect(Response.Status.SEE_OTHER, landing(), List.of());
        }
        return HttpAnswers.noStore(Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(HttpAnswers.JSON.createObjectBuilder()
                        .add("error", "refresh_conflict")
                        .add("message", "The session was not refreshed; it stays valid until expires_at.")
                        .add("provider", session.provider())
                        .add("expires_at", session.tokens().accessTokenExpiresAt().toString())
                        .build().toString()))
                .build();
    }

    private Response refreshForApiCaller(String refreshToken, String provider, Map<String, List<String>> headers) {
        try {
            TokenSet tokens = relyingParty.refresh(provider, refreshToken);
            events.tokensRefreshed(provider);
            JsonObjectBuilder body = HttpAnswers.JSON.createObjectBuilder()
                    .add("access_token", tokens.accessToken())
                    .add("token_type", tokens.tokenType())
                    .add("expires_in", Math.max(0, Duration.between(clock.instant(), tokens.accessTokenExpiresAt()).toSeconds()));
            tokens.idToken().ifPresent(idToken -> body.add("id_token", idToken));
            tokens.refreshToken().ifPresent(token -> body.add("refresh_token", token));
            return HttpAnswers.noStore(Response.ok(body.build().toString(), MediaType.APPLICATION_JSON_TYPE)).build();
        } catch (SessionEndedException e) {
            events.sessionEnded(null, e);
            return errors.toResponse(e, headers, List.of());
        } catch (AuthException e) {
            events.refreshFailed(null, e);
            return errors.toResponse(e, headers, List.of());
        }
    }

    /** Where a browser goes after a refresh from a page: the default return path, still signed in. */
    private URI landing() {
        return relyingParty.settings().resolve(relyingParty.settings().defaultReturnTo().path());
    }
}
