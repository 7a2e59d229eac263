package dev.portcullis.helidon;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.CallbackParameters;
import dev.portcullis.auth.LoginRedirect;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.ProviderInfo;
import dev.portcullis.auth.Reason;
import dev.portcullis.auth.ReturnTo;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SessionRefresh;
import dev.portcullis.auth.SessionEndedException;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.SignIn;
import dev.portcullis.auth.TokenSet;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.json.JsonObjectBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The sign-in endpoints: {@code /auth/login}, {@code /auth/callback}, {@code /auth/refresh},
 * {@code /auth/logout}. They hold no state between requests: the login state and the session travel in
 * encrypted cookies.
 * <p>
 * No {@code @Path} on the class: Helidon would take it for a resource of the application's own. It is served only in
 * Portcullis' application, at {@code auth.base-path} ({@link PortcullisApplication}).
 */
@ApplicationScoped
public class AuthResource {

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;
    private final AuthErrorResponses errors;
    private final SignInPages pages;
    private final Clock clock;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param events       where outcomes are logged
     * @param pages        the pages: the application's, when it replaces Portcullis' own
     * @param clock        the clock
     */
    @Inject
    AuthResource(OidcRelyingParty relyingParty, AuthEvents events, SignInPages pages, Clock clock) {
        this.relyingParty = relyingParty;
        this.events = events;
        this.errors = new AuthErrorResponses(relyingParty, pages);
        this.pages = pages;
        this.clock = clock;
    }

    /**
     * For CDI proxies.
     */
    AuthResource() {
        this.relyingParty = null;
        this.events = null;
        this.errors = null;
        this.pages = null;
        this.clock = null;
    }

    /**
     * Starts a sign-in: 302 to the provider with PKCE, state and nonce, and the login-state cookie. A browser that
     * names no provider while several are enabled gets a page to choose one; anyone else goes to the only provider,
     * or to the default one ({@code auth.provider}).
     *
     * @param provider the provider to use
     * @param returnTo where to go after sign-in: a path inside this service, else {@code auth.default-return-to}
     * @param headers  the request headers
     * @return the redirect, the page to choose a provider, or a 4xx/5xx page
     */
    @GET
    @Path("login")
    public Response login(@QueryParam("provider") String provider,
                          @QueryParam("return_to") String returnTo,
                          @Context HttpHeaders headers) {
        boolean named = provider != null && !provider.isBlank();
        List<ProviderInfo> providers = relyingParty.providers();
        if (!named && providers.size() > 1 && HttpRequests.wantsHtml(headers.getRequestHeaders())) {
            ReturnTo target = relyingParty.settings().returnTo(returnTo);
            List<SignInPages.ProviderChoice> choices = providers.stream()
                    .map(p -> new SignInPages.ProviderChoice(p.name(), p.displayName(),
                            relyingParty.settings().loginUri(Optional.of(p.name()), target)))
                    .toList();
            return PageAnswers.html(200, pages.chooseProvider(choices)).build();
        }
        String providerName = providerOrDefault(provider);
        try {
            LoginRedirect redirect = relyingParty.startLogin(Optional.of(providerName), returnTo);
            events.loginStarted(providerName);
            return HttpAnswers.redirect(Response.Status.FOUND, redirect.authorizationUri(), List.of(redirect.stateCookie()));
        } catch (AuthException e) {
            events.loginFailed(e);
            return errors.toResponse(e, headers.getRequestHeaders(), List.of());
        }
    }

    /**
     * Completes a sign-in: checks state (and {@code iss}), exchanges the code, validates the ID token, sets the
     * session cookie and sends the browser on. The login-state cookie is deleted whatever the outcome.
     *
     * @param code    {@code code}
     * @param state   {@code state}
     * @param issuer  {@code iss}
     * @param error   {@code error}
     * @param headers the request headers
     * @return a redirect, or a 4xx/5xx page
     */
    @GET
    @Path("callback")
    public Response callback(@QueryParam("code") String code,
                             @QueryParam("state") String state,
                             @QueryParam("iss") String issuer,
                             @QueryParam("error") String error,
                             @Context HttpHeaders headers) {
        Map<String, String> cookies = cookies(headers);
        List<SetCookie> setCookies = new ArrayList<>();
        setCookies.add(relyingParty.clearLoginState());
        try {
            SignIn signIn = relyingParty.completeLogin(CallbackParameters.of(code, state, issuer, error),
                    Optional.ofNullable(cookies.get(relyingParty.loginStateCookieName())));
            setCookies.addAll(relyingParty.sessions().write(signIn.session(), cookies.keySet()));
            events.loginCompleted(signIn.session());
            return HttpAnswers.redirect(Response.Status.FOUND, signIn.returnTo(), setCookies);
        } catch (AuthException e) {
            events.loginFailed(e);
            return errors.toResponse(e, headers.getRequestHeaders(), setCookies);
        }
    }

    /**
     * Refreshes tokens. With {@code refresh_token} (and {@code provider}) in the form: an API caller refreshing
     * its own tokens, answered with the provider's token JSON. Without: the browser session, whose cookie is
     * rewritten; a browser is sent back to {@code /}, a script gets {@code {"expires_at": ...}}.
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
     *   back to {@code /}, a script gets 409 {@code refresh_conflict} with the unchanged {@code expires_at}. The guard
     *   does the same for its refresh before a request ({@code SessionOrBearerAuthenticator});</li>
     *   <li>a provider with reuse detection (a used refresh token presented again revokes its whole family) must let
     *   the just-rotated token be used once more for a few seconds: Auth0's rotation overlap period (reuse interval),
     *   Okta's grace period. Both requests then get working tokens. Without it the family is revoked, and the session
     *   ends, cleanly, at the first refresh after its access token expired.</li>
     * </ul>
     *
     * @param refreshToken an API caller's refresh token
     * @param provider     the provider that issued it; the default when absent
     * @param headers      the request headers
     * @return the answer
     */
    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response refresh(@FormParam("refresh_token") String refreshToken,
                            @FormParam("provider") String provider,
                            @Context HttpHeaders headers) {
        Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
        if (refreshToken != null && !refreshToken.isBlank()) {
            return refreshForApiCaller(refreshToken, providerOrDefault(provider), requestHeaders);
        }
        if (HttpRequests.isCrossSite(requestHeaders, relyingParty.settings().baseUrl())) {
            return crossSiteRefused(relyingParty.settings().basePath() + "/refresh", requestHeaders);
        }
        Map<String, String> cookies = cookies(headers);
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
     * A browser goes back to {@code /} (still signed in), a script gets 409 and until when the session holds.
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

    /**
     * Signs out here and at the provider, when it came from this site: deletes every session cookie, revokes the
     * refresh token where the provider allows, and sends the browser to the provider's logout, which returns to
     * {@code ${auth.base-url}/}.
     *
     * @param headers the request headers
     * @return a 303 redirect, or 403 for a request from another site
     */
    @POST
    @Path("logout")
    public Response logout(@Context HttpHeaders headers) {
        Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
        if (HttpRequests.isCrossSite(requestHeaders, relyingParty.settings().baseUrl())) {
            return crossSiteRefused(relyingParty.settings().basePath() + "/logout", requestHeaders);
        }
        return signOut(headers, Response.Status.SEE_OTHER);
    }

    /**
     * Signs out like {@code POST}, for links. A navigation from another site (which could be a forged sign-out)
     * gets a page asking to confirm instead.
     *
     * @param headers the request headers
     * @return a 302 redirect, or the confirmation page
     */
    @GET
    @Path("logout")
    public Response logoutLink(@Context HttpHeaders headers) {
        if (HttpRequests.isCrossSite(headers.getRequestHeaders(), relyingParty.settings().baseUrl())) {
            List<URI> logoutOrigin = relyingParty.sessions().read(cookies(headers))
                    .flatMap(session -> relyingParty.logoutOrigin(session.provider())).stream().toList();
            URI stay = relyingParty.settings().resolve(relyingParty.settings().defaultReturnTo().path());
            return PageAnswers.html(200, pages.confirmLogout(relyingParty.settings().endpoint("logout"), stay), logoutOrigin).build();
        }
        return signOut(headers, Response.Status.FOUND);
    }

    private Response signOut(HttpHeaders headers, Response.Status status) {
        Map<String, String> cookies = cookies(headers);
        Optional<Session> session = relyingParty.sessions().read(cookies);
        URI next = relyingParty.logout(session);
        List<SetCookie> setCookies = new ArrayList<>(relyingParty.sessions().clear(cookies.keySet()));
        setCookies.add(relyingParty.clearLoginState());
        events.loggedOut(session.orElse(null));
        return HttpAnswers.redirect(status, next, setCookies);
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

    private Response crossSiteRefused(String path, Map<String, List<String>> headers) {
        events.crossSiteRefused(path);
        boolean html = HttpRequests.wantsHtml(headers);
        return HttpAnswers.noStore(Response.status(Response.Status.FORBIDDEN)
                .type(html ? MediaType.TEXT_PLAIN_TYPE : MediaType.APPLICATION_JSON_TYPE)
                .entity(html ? "Cross-site request refused." : HttpAnswers.JSON.createObjectBuilder().add("error", "forbidden").build().toString()))
                .build();
    }

    /** Where a browser goes after a refresh from a page: the default return path, still signed in. */
    private URI landing() {
        return relyingParty.settings().resolve(relyingParty.settings().defaultReturnTo().path());
    }

    private String providerOrDefault(String provider) {
        return provider == null || provider.isBlank() ? relyingParty.settings().defaultProvider() : provider;
    }

    private static Map<String, String> cookies(HttpHeaders headers) {
        return HttpRequests.cookies(HttpRequests.header(headers.getRequestHeaders(), HttpHeaders.COOKIE));
    }
}
