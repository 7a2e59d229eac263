package dev.portcullis.service;

import java.util.List;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.OidcRelyingParty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers any {@link AuthException} a resource lets through.
 */
@Provider
@ApplicationScoped
public class AuthExceptionMapper implements ExceptionMapper<AuthException> {

    private final AuthErrorResponses responses;
    private final AuthEvents events;

    @Context
    private HttpHeaders headers;

    /**
     * For CDI.
     *
     * @param relyingParty the relying party
     * @param events       where refusals are logged
     */
    @Inject
    public AuthExceptionMapper(OidcRelyingParty relyingParty, AuthEvents events) {
        this.responses = new AuthErrorResponses(relyingParty);
        this.events = events;
    }

    /**
     * For CDI proxies.
     */
    protected AuthExceptionMapper() {
        this.responses = null;
        this.events = null;
    }

    @Override
    public Response toResponse(AuthException exception) {
        events.refused("request refused", exception);
        return responses.toResponse(exception, headers.getRequestHeaders(), List.of());
    }
}
