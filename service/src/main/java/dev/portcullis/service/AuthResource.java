package dev.portcullis.service;

import java.lang.System.Logger.Level;
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
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
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

    private static final System.Logger LOG = System.getLogger(AuthResource.class.getName());

    private final OidcRelyingParty relyingParty;
    private final AuthErrorResponses errors;
    private final Pages pages;
    private final Clock clock;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param clock        the clock
     */
    @Inject
    public AuthResource(OidcRelyingParty relyingParty, Clock clock) {
        this.relyingParty = relyingParty;
        this.errors = new AuthErrorResponses(relyingParty);
        this.pages = new Pages(relyingParty.settings());
        this.clock = clock;
    }

    /**
     * For CDI proxies.
     */
    protected AuthResource() {
        this.relyingParty = null;
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
        LoginRedirect redirect = relyingParty.startLogin(Optional.ofNullable(provider).filter(p -> !p.isBlank()), returnTo);
        LOG.log(Level.INFO, "login started: provider={0}", provider == null || provider.isBlank()
                ? relyingParty.settings().defaultProvider() : provider);
        return redirect(Response.Status.FOUND, redirect.authorizationUri(), List.of(redirect.stateCookie()));
    }

    /**
     * Completes a sign-in: checks state (and {@code iss}), exchanges the code, validates the ID token, sets the
     * session cookie and sends the browser on. The login-state cookie is deleted whatever the outcome.
     *
     * @param code             {@code code}
     * @param state            {@code state}
     * @param issuer           {@code iss}
     * @param error            {@code error}
     * @param errorDescription {@code error_description}
     * @param headers          the request headers
     * @return a redirect, or a 4xx/5xx page
     */
    @GET
    @Path("callback")
    public Response callback(@QueryParam("code") String code,
                             @QueryParam("state") String state,
                             @QueryParam("iss") String issuer,
                             @QueryParam("error") String error,
                             @QueryParam("error_description") String errorDescription,
                             @Context HttpHeaders headers) {
        Map<String, String> cookies = cookies(headers);
        List<SetCookie> setCookies = new ArrayList<>();
        setCookies.add(relyingParty.clearLoginState());
        try {
            SignIn signIn = relyingParty.completeLogin(CallbackParameters.of(code, state, issuer, error, errorDescription),
                    Optional.ofNullable(cookies.get(relyingParty.loginStateCookieName())));
            setCookies.addAll(relyingParty.sessions().write(signIn.session(), cookies.keySet()));
            LOG.log(Level.INFO, "login completed: provider={0} sub={1}", signIn.session().provider(),
                    signIn.session().identity().subject());
            return redirect(Response.Status.FOUND, signIn.returnTo(), setCookies);
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
            return refreshForApiCaller(refreshToken, provider, requestHeaders);
        }
        if (HttpRequests.isCrossSite(requestHeaders, relyingParty.settings().baseUrl())) {
            return crossSiteRefused(requestHeaders);
        }
        Map<String, String> cookies = cookies(headers);
        try {
            Session refreshed = relyingParty.refresh(relyingParty.sessions().require(cookies));
            LOG.log(Level.INFO, "session refreshed: provider={0} sub={1}", refreshed.provider(), refreshed.identity().subject());
            List<SetCookie> setCookies = relyingParty.sessions().write(refreshed, cookies.keySet());
            if (HttpRequests.wantsHtml(requestHeaders)) {
                return redirect(Response.Status.SEE_OTHER, relyingParty.settings().resolve("/"), setCookies);
            }
            Response.ResponseBuilder response = noStore(Response.ok(Json.createObjectBuilder()
                    .add("provider", refreshed.provider())
                    .add("expires_at", Pages.isoInstant(refreshed.tokens().accessTokenExpiresAt()))
                    .build().toString(), MediaType.APPLICATION_JSON_TYPE));
            setCookies.forEach(cookie -> response.header("Set-Cookie", cookie.headerValue()));
            return response.build();
        } catch (SessionEndedException e) {
            return errors.toResponse(e, requestHeaders, relyingParty.sessions().clear(cookies.keySet()));
        }
    }

    /**
     * Signs out here and at the provider, when it came from this site: deletes every session cookie, revokes the
     * refresh token where the provider allows, and sends the browser to the provider's logout, which returns to
     * {@code ${auth.base-url}/}.
     *
     * @param headers the request headers
     * @return a 303 redirect, or 403 for a cross-site request
     */
    @POST
    @Path("logout")
    public Response logout(@Context HttpHeaders headers) {
        Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
        if (HttpRequests.isCrossSite(requestHeaders, relyingParty.settings().baseUrl())) {
            return crossSiteRefused(requestHeaders);
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
            return Pages.html(200, pages.confirmLogout()).build();
        }
        return signOut(headers, Response.Status.FOUND);
    }

    private Response signOut(HttpHeaders headers, Response.Status status) {
        Map<String, String> cookies = cookies(headers);
        Optional<Session> session = relyingParty.sessions().read(cookies);
        URI next = relyingParty.logout(session);
        List<SetCookie> setCookies = new ArrayList<>(relyingParty.sessions().clear(cookies.keySet()));
        setCookies.add(relyingParty.clearLoginState());
        session.ifPresentOrElse(
                s -> LOG.log(Level.INFO, "logout: provider={0} sub={1}", s.provider(), s.identity().subject()),
                () -> LOG.log(Level.INFO, "logout: no session"));
        return redirect(status, next, setCookies);
    }

    private Response refreshForApiCaller(String refreshToken, String provider, Map<String, List<String>> headers) {
        String providerName = provider == null || provider.isBlank() ? relyingParty.settings().defaultProvider() : provider;
        try {
            TokenSet tokens = relyingParty.refresh(providerName, refreshToken);
            LOG.log(Level.INFO, "tokens refreshed for an API caller: provider={0}", providerName);
            JsonObjectBuilder body = Json.createObjectBuilder()
                    .add("access_token", tokens.accessToken())
                    .add("token_type", tokens.tokenType())
                    .add("expires_in", Math.max(0, Duration.between(clock.instant(), tokens.accessTokenExpiresAt()).toSeconds()));
            tokens.idToken().ifPresent(idToken -> body.add("id_token", idToken));
            tokens.refreshToken().ifPresent(token -> body.add("refresh_token", token));
            return noStore(Response.ok(body.build().toString(), MediaType.APPLICATION_JSON_TYPE)).build();
        } catch (AuthException e) {
            return errors.toResponse(e, headers, List.of());
        }
    }

    private Response crossSiteRefused(Map<String, List<String>> headers) {
        LOG.log(Level.INFO, "cross-site request refused");
        boolean html = HttpRequests.wantsHtml(headers);
        return noStore(Response.status(Response.Status.FORBIDDEN)
                .type(html ? MediaType.TEXT_PLAIN_TYPE : MediaType.APPLICATION_JSON_TYPE)
                .entity(html ? "Cross-site request refused." : "{\"error\":\"forbidden\"}"))
                .build();
    }

    private static Map<String, String> cookies(HttpHeaders headers) {
        return HttpRequests.cookies(HttpRequests.header(headers.getRequestHeaders(), HttpHeaders.COOKIE));
    }

    private static Response redirect(Response.Status status, URI location, List<SetCookie> cookies) {
        Response.ResponseBuilder response = noStore(Response.status(status).location(location));
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie.headerValue()));
        return response.build();
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return response.cacheControl(noStore).header("Pragma", "no-cache");
    }
}
