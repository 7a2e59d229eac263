package dev.portcullis.helidon;

import java.util.List;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers any {@link AuthException} a resource lets through.
 */
public final class AuthExceptionMapper implements ExceptionMapper<AuthException> {

    private final AuthErrorResponses responses;
    private final AuthEvents events;

    @Context
    private HttpHeaders headers;

    AuthExceptionMapper(OidcRelyingParty relyingParty, AuthEvents events, SignInPages pages) {
        this.responses = new AuthErrorResponses(relyingParty, pages);
        this.events = events;
    }

    @Override
    public Response toResponse(AuthException exception) {
        events.refused("request refused", exception);
        return responses.toResponse(exception, headers.getRequestHeaders(), List.of());
    }
}
