package dev.portcullis.service;

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
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SessionEndedException;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.SignIn;
import dev.portcullis.auth.TokenSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
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
 */
@Path("/auth")
@ApplicationScoped
public class AuthResource {

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;
    private final AuthErrorResponses errors;
    private final Pages pages;
    private final Clock clock;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param events       where outcomes are logged
     * @param clock        the clock
     */
    @Inject
    public AuthResource(OidcRelyingParty relyingParty, AuthEvents events, Clock clock) {
        this.relyingParty = relyingParty;
        this.events = events;
        this.errors = new AuthErrorResponses(relyingParty, events);
        this.pages = new Pages(relyingParty.settings());
        this.clock = clock;
    }

    /**
     * For CDI proxies.
     */
    protected AuthResource() {
        this.relyingParty = null;
        this.events = null;
        this.errors = null;
        this.pages = null;
        this.clock = null;
    }

    /**
     * Starts a sign-in: 302 to the provider with PKCE, state and nonce, and the login-state cookie.
     *
     * @param provider the provider to use; the default when absent
     * @param returnTo where to go after sign-in: a path inside this service, else {@code /}
     * @return the redirect
     */
    @GET
    @Path("login")
    public Response login(@QueryParam("provider") String provider, @QueryParam("return_to") String returnTo) {
        String providerName = providerOrDefault(provider);
        LoginRedirect redirect = relyingParty.startLogin(Optional.of(providerName), returnTo);
        events.loginStarted(providerName);
        return HttpAnswers.redirect(Response.Status.FOUND, redirect.authorizationUri(), List.of(redirect.stateCookie()));
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
            return errors.toResponse(e, headers.getRequestHeaders(), setCookies);
        }
    }

    /**
     * Refreshes tokens. With {@code refresh_token} (and {@code provider}) in the form: an API caller refreshing
     * its own tokens, answered with the provider's token JSON. Without: the browser session, whose cookie is
     * rewritten; a browser is sent back to {@code /}, a script gets {@code {"expires_at": ...}}.
     * {@code invalid_grant} ends the session: its cookies are cleared and the answer is 401.
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
            return crossSiteRefused("/auth/refresh", requestHeaders);
        }
        Map<String, String> cookies = cookies(headers);
        Optional<Session> session = relyingParty.sessions().read(cookies);
        try {
            Session refreshed = relyingParty.refresh(session.orElseThrow(() -> relyingParty.sessions().noSession()));
            events.refreshed(refreshed, false);
            List<SetCookie> setCookies = relyingParty.sessions().write(refreshed, cookies.keySet());
            if (HttpRequests.wantsHtml(requestHeaders)) {
                return HttpAnswers.redirect(Response.Status.SEE_OTHER, relyingParty.settings().resolve("/"), setCookies);
            }
            return HttpAnswers.withCookies(HttpAnswers.noStore(Response.ok(HttpAnswers.JSON.createObjectBuilder()
                    .add("provider", refreshed.provider())
                    .add("expires_at", refreshed.tokens().accessTokenExpiresAt().toString())
                    .build().toString(), MediaType.APPLICATION_JSON_TYPE)), setCookies).build();
        } catch (SessionEndedException e) {
            session.ifPresent(s -> events.sessionEnded(s, e));
            return errors.toResponse(e, requestHeaders, relyingParty.sessions().clear(cookies.keySet()));
        } catch (AuthException e) {
            return errors.toResponse(e, requestHeaders, List.of());
        }
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
            return crossSiteRefused("/auth/logout", requestHeaders);
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
            return Pages.html(200, pages.confirmLogout(), logoutOrigin).build();
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
            JsonObjectBuilder body = HttpAnswers.JSON.createObjectBuilder()
                    .add("access_token", tokens.accessToken())
                    .add("token_type", tokens.tokenType())
                    .add("expires_in", Math.max(0, Duration.between(clock.instant(), tokens.accessTokenExpiresAt()).toSeconds()));
            tokens.idToken().ifPresent(idToken -> body.add("id_token", idToken));
            tokens.refreshToken().ifPresent(token -> body.add("refresh_token", token));
            return HttpAnswers.noStore(Response.ok(body.build().toString(), MediaType.APPLICATION_JSON_TYPE)).build();
        } catch (AuthException e) {
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

    private String providerOrDefault(String provider) {
        return provider == null || provider.isBlank() ? relyingParty.settings().defaultProvider() : provider;
    }

    private static Map<String, String> cookies(HttpHeaders headers) {
        return HttpRequests.cookies(HttpRequests.header(headers.getRequestHeaders(), HttpHeaders.COOKIE));
    }
}
