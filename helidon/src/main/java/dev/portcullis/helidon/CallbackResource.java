package dev.portcullis.helidon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.CallbackParameters;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Reason;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.SignIn;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /auth/callback}: the provider's redirect back, which completes a sign-in.
 * <p>
 * No {@code @Path} on the class: Helidon would take it for a resource of the application's own. It is served only in
 * Portcullis' application, at {@code /callback} under {@code auth.base-path} ({@link PortcullisApplication}). It holds no state
 * between requests: the login state and the session travel in encrypted cookies.
 */
@ApplicationScoped
public class CallbackResource {

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;
    private final AuthErrorResponses errors;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param events where outcomes are logged
     * @param pages the pages: the application's, when it replaces Portcullis' own
     */
    @Inject
    CallbackResource(OidcRelyingParty relyingParty, AuthEvents events, SignInPages pages) {
        this.relyingParty = relyingParty;
        this.events = events;
        this.errors = new AuthErrorResponses(relyingParty, pages);
    }

    /**
     * For CDI proxies.
     */
    CallbackResource() {
        this.relyingParty = null;
        this.events = null;
        this.errors = null;
    }

    /**
     * Completes a sign-in: checks state (and {@code iss}), exchanges the code, validates the ID token, sets the
     * session cookie and sends the browser on. The login-state cookie is deleted once the callback is this browser's
     * login's (its state matches), whatever the outcome; a callback that is not (another state, none, parameters no
     * provider sends) is refused and leaves the login in progress intact, so a forged link cannot cancel it.
     *
     * @param code    {@code code}
     * @param state   {@code state}
     * @param issuer  {@code iss}
     * @param error   {@code error}
     * @param headers the request headers
     * @return a redirect, or a 4xx/5xx page
     */
    @GET
    public Response callback(@QueryParam("code") String code,
                             @QueryParam("state") String state,
                             @QueryParam("iss") String issuer,
                             @QueryParam("error") String error,
                             @Context HttpHeaders headers) {
        Map<String, String> cookies = HttpRequests.cookies(headers.getRequestHeaders());
        List<SetCookie> setCookies = new ArrayList<>();
        try {
            SignIn signIn = relyingParty.completeLogin(CallbackParameters.of(code, state, issuer, error),
                    Optional.ofNullable(cookies.get(relyingParty.loginStateCookieName())));
            setCookies.add(relyingParty.clearLoginState());
            setCookies.addAll(relyingParty.sessions().write(signIn.session(), cookies.keySet()));
            events.loginCompleted(signIn.session());
            return HttpAnswers.redirect(Response.Status.FOUND, signIn.returnTo(), setCookies);
        } catch (AuthException e) {
            events.loginFailed(e);
            if (!isForeign(e)) {
                setCookies.add(relyingParty.clearLoginState());
            }
            return errors.toResponse(e, headers.getRequestHeaders(), setCookies);
        }
    }

    /**
     * Whether a failed callback was not the answer to this browser's login: its state is another's or missing, or its
     * parameters are none a provider sends. Anyone can make a browser open such a link.
     */
    private static boolean isForeign(AuthException failure) {
        return failure.reason() == Reason.STATE_MISMATCH || failure.reason() == Reason.PARAMETER_INVALID;
    }
}
