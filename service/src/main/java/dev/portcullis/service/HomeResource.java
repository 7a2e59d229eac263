package dev.portcullis.service;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.Caller;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /}: "Sign in with ..." for each enabled provider, or the signed-in user with Refresh and Sign out.
 */
@Path("/")
@RequestScoped
public class HomeResource {

    private final OidcRelyingParty relyingParty;
    private final Caller caller;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party, which Portcullis makes a bean
     * @param caller       the caller, when signed in
     */
    @Inject
    public HomeResource(OidcRelyingParty relyingParty, Caller caller) {
        this.relyingParty = relyingParty;
        this.caller = caller;
    }

    /**
     * For CDI proxies.
     */
    protected HomeResource() {
        this(null, null);
    }

    /**
     * The home page.
     *
     * @return the page
     */
    @GET
    @PermitAll
    public Response home() {
        HomePage page = new HomePage(relyingParty.settings());
        return caller.identity()
                .map(identity -> HomePage.answer(page.signedIn(identity, relyingParty.providers().stream()
                                .filter(p -> p.name().equals(identity.provider()))
                                .map(p -> p.displayName())
                                .findFirst().orElse(identity.provider())),
                        // Sign out is answered with a redirect to the provider's logout, which the page's CSP must allow
                        relyingParty.logoutOrigin(identity.provider()).stream().toList()))
                .orElseGet(() -> HomePage.answer(page.signedOut(relyingParty.providers()), java.util.List.of()));
    }
}
