package dev.portcullis.helidon;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.ProviderUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /auth/backchannel-logout}: OpenID Connect Back-Channel Logout 1.0. The provider posts a
 * {@code logout_token}; a valid one ends the sessions it names on every instance (through {@code auth.revocation.store})
 * and gets 200; anything else gets 400 with {@code {"error":"invalid_request",…}}, and a store or provider that cannot be
 * reached 503, which the provider may retry. Never a redirect; no cookie is read and no same-site check applies: the
 * caller is the provider's server, and the token is its own proof.
 */
@ApplicationScoped
public class BackChannelLogoutResource {

    private final OidcRelyingParty relyingParty;
    private final AuthEvents events;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param events       where outcomes are logged
     */
    @Inject
    BackChannelLogoutResource(OidcRelyingParty relyingParty, AuthEvents events) {
        this.relyingParty = relyingParty;
        this.events = events;
    }

    /**
     * For CDI proxies.
     */
    BackChannelLogoutResource() {
        this.relyingParty = null;
        this.events = null;
    }

    /**
     * Ends the sessions a logout token names.
     *
     * @param headers the request headers
     * @param body    the form with {@code logout_token}
     * @return 200, 400 or 503
     */
    @POST
    public Response logout(@Context HttpHeaders headers, InputStream body) {
        Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
        Map<String, String> form;
        try {
            form = FormBody.read(HttpRequests.header(requestHeaders, HttpHeaders.CONTENT_TYPE).stream().findFirst(), body);
        } catch (FormBody.Unreadable e) {
            return refused(e.status(), "the body must be an application/x-www-form-urlencoded form with logout_token");
        }
        String token = form.get("logout_token");
        if (token == null || token.isBlank()) {
            return refused(400, "logout_token is missing");
        }
        try {
            relyingParty.backChannelLogout(token);
            events.backChannelLogout(null);
            return HttpAnswers.noStore(Response.ok()).build();
        } catch (ProviderUnavailableException e) {
            events.backChannelLogout(e);
            return HttpAnswers.noStore(Response.status(503)).header("Retry-After", "5").type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(error("temporarily_unavailable", "the logout could not be recorded now")).build();
        } catch (AuthException e) {
            // not a valid logout token of an enabled provider, a replayed one, or no store to record it in
            events.backChannelLogout(e);
            return refused(400, "the logout token is not valid here");
        }
    }

    private static Response refused(int status, String description) {
        return HttpAnswers.noStore(Response.status(status)).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error("invalid_request", description)).build();
    }

    private static String error(String error, String description) {
        return HttpAnswers.JSON.createObjectBuilder().add("error", error).add("error_description", description).build().toString();
    }
}
