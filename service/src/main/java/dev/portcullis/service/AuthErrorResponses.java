package dev.portcullis.service;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

import dev.portcullis.auth.AuthConfigurationException;
import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.BadRequestException;
import dev.portcullis.auth.LoginFailedException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.ProviderUnavailableException;
import dev.portcullis.auth.Reason;
import dev.portcullis.auth.SessionEndedException;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenRejectedException;

import jakarta.json.Json;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one mapping from the auth module's exceptions to HTTP answers: a short JSON body for API callers, a
 * readable page with a "Try again" link for browsers. Neither says more than the kind of failure; the log
 * line carries the reason, never a token, code or cookie.
 */
final class AuthErrorResponses {

    private static final System.Logger LOG = System.getLogger(AuthErrorResponses.class.getName());

    private final OidcRelyingParty relyingParty;
    private final Pages pages;

    AuthErrorResponses(OidcRelyingParty relyingParty) {
        this.relyingParty = relyingParty;
        this.pages = new Pages(relyingParty.settings());
    }

    /**
     * The answer to a failure.
     *
     * @param failure    what went wrong
     * @param headers    the request headers, to tell browsers from API callers
     * @param setCookies cookies to send with the answer (the consumed login state, a cleared session)
     * @return the response
     */
    Response toResponse(AuthException failure, Map<String, List<String>> headers, List<SetCookie> setCookies) {
        Answer answer = answer(failure);
        LOG.log(answer.status >= 500 ? Level.WARNING : Level.INFO, "{0} refused: provider={1} reason={2}",
                answer.code, failure.provider().orElse("-"), failure.reason());
        Response.ResponseBuilder response;
        if (HttpRequests.wantsHtml(headers)) {
            response = Pages.html(answer.status, pages.error(answer.title, answer.message, relyingParty.settings().resolve("/")));
        } else {
            CacheControl noStore = new CacheControl();
            noStore.setNoStore(true);
            response = Response.status(answer.status)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .cacheControl(noStore)
                    .entity(Json.createObjectBuilder().add("error", answer.code).add("message", answer.message).build().toString());
        }
        if (answer.status == 401) {
            response.header("WWW-Authenticate", failure instanceof TokenRejectedException ? "Bearer error=\"invalid_token\"" : "Bearer");
        }
        setCookies.forEach(cookie -> response.header("Set-Cookie", cookie.headerValue()));
        return response.build();
    }

    private record Answer(int status, String code, String title, String message) {
    }

    private static Answer answer(AuthException failure) {
        if (failure instanceof BadRequestException) {
            return new Answer(400, "bad_request", "Bad request",
                    failure.reason() == Reason.UNKNOWN_PROVIDER ? "That sign-in provider is not available here." : "The request is not valid.");
        }
        if (failure instanceof LoginFailedException login) {
            String message = login.providerError()
                    .map(code -> "The sign-in provider reported: " + code + ".")
                    .orElse(failure.reason() == Reason.SESSION_TOO_LARGE
                            ? "Your sign-in produced more data than this service can keep."
                            : "Sign-in could not be completed. Please try again.");
            return new Answer(400, "login_failed", "Sign-in failed", message);
        }
        if (failure instanceof TokenRejectedException) {
            return new Answer(401, "unauthorized", "Not signed in", "Your credentials are not valid here.");
        }
        if (failure instanceof SessionEndedException) {
            return new Answer(401, "session_ended", "Signed out", "Your session has ended. Please sign in again.");
        }
        if (failure instanceof ProviderUnavailableException) {
            boolean timeout = failure.reason() == Reason.PROVIDER_TIMEOUT;
            return new Answer(timeout ? 504 : 502, "provider_unavailable", "Sign-in provider unavailable",
                    "The sign-in provider could not be reached. Please try again in a moment.");
        }
        if (failure instanceof AuthConfigurationException config) {
            LOG.log(Level.ERROR, "configuration problem: {0}", config.getMessage());
            return new Answer(502, "provider_unavailable", "Sign-in provider unavailable",
                    "The sign-in provider is not set up correctly.");
        }
        return new Answer(500, "error", "Error", "Something went wrong.");
    }
}
