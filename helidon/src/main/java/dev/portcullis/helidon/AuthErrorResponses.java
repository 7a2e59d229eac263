package dev.portcullis.helidon;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.portcullis.auth.AuthConfigurationException;
import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.BadRequestException;
import dev.portcullis.auth.LoginFailedException;
import dev.portcullis.auth.OutgoingTokenException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.ProviderUnavailableException;
import dev.portcullis.auth.Reason;
import dev.portcullis.auth.SessionEndedException;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenRejectedException;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one mapping from the auth module's exceptions to HTTP answers: a short JSON body for API callers, a
 * readable page with a "Try again" link for browsers. Neither says more than the kind of failure; the log
 * line carries the reason, never a token, code or cookie.
 */
final class AuthErrorResponses {

    private final OidcRelyingParty relyingParty;
    private final SignInPages pages;

    AuthErrorResponses(OidcRelyingParty relyingParty, SignInPages pages) {
        this.relyingParty = relyingParty;
        this.pages = pages;
    }

    /**
     * The answer to a failure. The caller has recorded the failure ({@link AuthEvents}), as the outcome it ends.
     *
     * @param failure    what went wrong
     * @param headers    the request headers, to tell browsers from API callers
     * @param setCookies cookies to send with the answer (the consumed login state, a cleared session)
     * @return the response
     */
    Response toResponse(AuthException failure, Map<String, List<String>> headers, List<SetCookie> setCookies) {
        Answer answer = answer(failure);
        Response.ResponseBuilder response;
        if (HttpRequests.wantsHtml(headers)) {
            URI tryAgain = relyingParty.settings().resolve(relyingParty.settings().defaultReturnTo().path());
            response = PageAnswers.html(answer.status, pages.failed(new SignInPages.Failure(answer.status, answer.title,
                    answer.message, tryAgain)));
        } else {
            response = HttpAnswers.noStore(Response.status(answer.status))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(HttpAnswers.JSON.createObjectBuilder().add("error", answer.code).add("message", answer.message).build().toString());
        }
        if (answer.status == 401) {
            response.header("WWW-Authenticate", failure instanceof TokenRejectedException ? "Bearer error=\"invalid_token\"" : "Bearer");
        }
        if (answer.status == 503) {
            // a bound on calls to the provider frees up within the second; a secret store that is down, not so soon
            response.header("Retry-After", failure.reason() == Reason.PROVIDER_BUSY ? "1" : "30");
        }
        return HttpAnswers.withCookies(response, setCookies).build();
    }

    private record Answer(int status, String code, String title, String message) {
    }

    private static Answer answer(AuthException failure) {
        return switch (failure) {
            case BadRequestException e when e.reason() == Reason.REFRESH_NOT_ACCEPTED -> new Answer(403, "refresh_token_not_accepted",
                    "Not accepted", "This service does not refresh refresh tokens that callers hold (auth.refresh.api-callers).");
            case BadRequestException e -> new Answer(400, "bad_request", "Bad request",
                    e.reason() == Reason.UNKNOWN_PROVIDER ? "That sign-in provider is not available here." : "The request is not valid.");
            case LoginFailedException e when e.reason() == Reason.SESSION_TOO_LARGE -> new Answer(400, "session_too_large",
                    "Sign-in failed", "Your sign-in produced more data than this service can keep.");
            case LoginFailedException e -> new Answer(400, "login_failed", "Sign-in failed", e.providerError()
                    .map(code -> "The sign-in provider reported: " + code + ".")
                    .orElse("Sign-in could not be completed. Please try again."));
            case TokenRejectedException e -> new Answer(401, "unauthorized", "Not signed in", "Your credentials are not valid here.");
            case SessionEndedException e -> new Answer(401, "session_ended", "Signed out", "Your session has ended. Please sign in again.");
            case ProviderUnavailableException e when e.reason() == Reason.PROVIDER_TIMEOUT -> new Answer(504,
                    "provider_unavailable", "Sign-in provider unavailable", "The sign-in provider did not answer in time. Please try again.");
            case ProviderUnavailableException e when e.reason() == Reason.PROVIDER_BUSY -> new Answer(503,
                    "provider_busy", "Sign-in busy", "Too many requests to the sign-in provider right now. Please try again in a moment.");
            case ProviderUnavailableException e when e.reason() == Reason.SECRET_UNAVAILABLE
                    || e.reason() == Reason.REVOCATION_STORE_DOWN -> new Answer(503,
                    "unavailable", "Sign-in unavailable", "Sign-in is unavailable right now. Please try again in a moment.");
            case ProviderUnavailableException e -> new Answer(502, "provider_unavailable", "Sign-in provider unavailable",
                    "The sign-in provider could not be reached. Please try again in a moment.");
            // an outgoing call the resource did not map: without the caller's token there is no one to call as; else
            // the service's own credentials for the downstream call could not be had, which the caller cannot fix
            case OutgoingTokenException e when e.reason() == Reason.NO_CALLER_TOKEN -> new Answer(401, "unauthorized",
                    "Not signed in", "This needs your credentials, and the request carried none.");
            case OutgoingTokenException e -> new Answer(502, "downstream_unavailable", "Unavailable",
                    "A service this one depends on could not be called. Please try again in a moment.");
            case AuthConfigurationException e -> new Answer(502, "provider_unavailable", "Sign-in provider unavailable",
                    "The sign-in provider is not set up correctly.");
        };
    }
}
