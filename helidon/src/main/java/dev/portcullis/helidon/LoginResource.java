package dev.portcullis.helidon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.LoginRedirect;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.ProviderInfo;
import dev.portcullis.auth.ReturnTo;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /auth/login}: the start of a sign-in, the authorization request with PKCE (S256), state and nonce.
 * <p>
 * No {@code @Path} on the class: Helidon would take it for a resource of the application's own. It is served only in
 * Portcullis' application, at {@code /login} under {@code auth.base-path} ({@link PortcullisApplication}). It holds no state
 * between requests: the login state and the session travel in encrypted cookies.
 */
@ApplicationScoped
public class LoginResource {

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
    LoginResource(OidcRelyingParty relyingParty, AuthEvents events, SignInPages pages) {
        this.relyingParty = relyingParty;
        this.events = events;
        this.errors = new AuthErrorResponses(relyingParty, pages);
        this.pages = pages;
    }

    /**
     * For CDI proxies.
     */
    LoginResource() {
        this.relyingParty = null;
        this.events = null;
        this.errors = null;
        this.pages = null;
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
    public Response login(@QueryParam("provider") String provider,
                          @QueryParam("return_to") String returnTo,
                          @Context UriInfo uri,
                          @Context HttpHeaders headers) {
        boolean named = provider != null && !provider.isBlank();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        if (!named && HttpRequests.wantsHtml(headers.getRequestHeaders())) {
            List<SignInPages.ProviderChoice> choices = choices(relyingParty.settings().returnTo(returnTo));
            if (choices.size() > 1) {
                return PageAnswers.html(200, pages.chooseProvider(choices)).build();
            }
        }
        String providerName = relyingParty.settings().providerOrDefault(provider);
        try {
            LoginRedirect redirect = relyingParty.startLogin(Optional.of(providerName), returnTo, query);
            events.loginStarted(providerName);
            return HttpAnswers.redirect(Response.Status.FOUND, redirect.authorizationUri(), List.of(redirect.stateCookie()));
        } catch (AuthException e) {
            events.loginFailed(e);
            return errors.toResponse(e, headers.getRequestHeaders(), List.of());
        }
    }

    /**
     * The sign-in buttons: one per enabled provider, and one per federated identity provider behind it, which goes
     * straight to that identity provider.
     */
    private List<SignInPages.ProviderChoice> choices(ReturnTo target) {
        List<SignInPages.ProviderChoice> choices = new ArrayList<>();
        for (ProviderInfo provider : relyingParty.providers()) {
            Optional<String> name = Optional.of(provider.name());
            choices.add(new SignInPages.ProviderChoice(provider.name(), provider.displayName(),
                    relyingParty.settings().loginUri(name, target)));
            for (ProviderInfo.IdentityProvider federated : provider.identityProviders()) {
                choices.add(new SignInPages.ProviderChoice(provider.name(), federated.name(),
                        relyingParty.settings().loginUri(name, target, Map.of(federated.parameter(), federated.name()))));
            }
        }
        return choices;
    }
}
