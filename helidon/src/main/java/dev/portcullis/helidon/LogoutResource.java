package dev.portcullis.helidon;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET} and {@code POST /auth/logout}: signing out here and at the provider.
 * <p>
 * No {@code @Path} on the class: Helidon would take it for a resource of the application's own. It is served only in
 * Portcullis' application, at {@code /logout} under {@code auth.base-path} ({@link PortcullisApplication}). It holds no state
 * between requests: the login state and the session travel in encrypted cookies.
 */
@ApplicationScoped
public class LogoutResource {

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;
    private final AuthErrorResponses errors;
    private final SignInPages pages;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param events where outcomes are logged
     * @param pages the pages: the application's, when it replaces Portcullis' own
     */
    @Inject
    LogoutResource(OidcRelyingParty relyingParty, AuthEvents events, SignInPages pages) {
        this.relyingParty = relyingParty;
        this.events = events;
        this.errors = new AuthErrorResponses(relyingParty, pages);
        this.pages = pages;
    }

    /**
     * For CDI proxies.
     */
    LogoutResource() {
        this.relyingParty = null;
        this.events = null;
        this.errors = null;
        this.pages = null;
    }

    /**
     * Signs out here and at the provider, when it came from this site: deletes every session cookie, revokes the
     * refresh token where the provider allows, and sends the browser to the provider's logout, which returns to
     * {@code ${auth.base-url}${auth.post-logout-path}}.
     *
     * @param headers the request headers
     * @return a 303 redirect, or 403 for a request from another site
     */
    @POST
    public Response logout(@Context HttpHeaders headers) {
        Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
        if (HttpRequests.isCrossSite(requestHeaders, relyingParty.settings().baseUrl())) {
            events.crossSiteRefused(relyingParty.settings().basePath() + "/logout");
            return HttpAnswers.crossSiteRefused(requestHeaders);
        }
        return signOut(headers, Response.Status.SEE_OTHER);
    }

    /**
     * Signs out like {@code POST}, for a link on this site's pages. A {@code GET} is what any other site, mail or chat
     * can make a browser send, cookies included, so it signs out only when the browser says a page of this origin sent
     * it ({@link HttpRequests#isSameOrigin}). Any other navigation gets a page asking to confirm, whose form posts the
     * sign-out; a script (which does not ask for HTML) is told to use {@code POST}, which it can.
     *
     * @param headers the request headers
     * @return a 302 redirect; else the confirmation page, or 403 for a script
     */
    @GET
    public Response logoutLink(@Context HttpHeaders headers) {
        Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
        if (HttpRequests.isSameOrigin(requestHeaders, relyingParty.settings().baseUrl())) {
            return signOut(headers, Response.Status.FOUND);
        }
        if (!HttpRequests.wantsHtml(requestHeaders)) {
            return HttpAnswers.noStore(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(HttpAnswers.JSON.createObjectBuilder().add("error", "forbidden")
                            .add("message", "Sign out with POST; a GET signs out only when the browser says a page of this "
                                    + "site sent it (Sec-Fetch-Site: same-origin).")
                            .build().toString()))
                    .build();
        }
        List<URI> logoutOrigin = relyingParty.sessions().read(HttpRequests.cookies(requestHeaders))
                .flatMap(session -> relyingParty.logoutOrigin(session.provider())).stream().toList();
        URI stay = relyingParty.settings().resolve(relyingParty.settings().defaultReturnTo().path());
        return PageAnswers.html(200, pages.confirmLogout(relyingParty.settings().endpoint("logout"), stay), logoutOrigin).build();
    }

    private Response signOut(HttpHeaders headers, Response.Status status) {
        Map<String, String> cookies = HttpRequests.cookies(headers.getRequestHeaders());
        Optional<Session> session = relyingParty.sessions().read(cookies);
        URI next = relyingParty.logout(session);
        List<SetCookie> setCookies = new ArrayList<>(relyingParty.sessions().clear(cookies.keySet()));
        setCookies.add(relyingParty.clearLoginState());
        events.loggedOut(session.orElse(null));
        return HttpAnswers.redirect(status, next, setCookies);
    }
}
