package dev.portcullis.helidon;

import java.util.List;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers any {@link AuthException} a resource lets through. Registered by class on every JAX-RS application, so that
 * Jersey makes one per application, each with the request headers of its own application (an instance shared by two
 * applications would hold the second one's {@code @Context} proxy, outside the first one's requests). Public only for
 * Jersey, which creates it; not an API.
 */
public final class AuthExceptionMapper implements ExceptionMapper<AuthException> {

    private final AuthErrorResponses responses;
    private final AuthEvents events;

    @Context
    private HttpHeaders headers;

    /**
     * For Jersey: the relying party, the pages and the events from CDI.
     */
    public AuthExceptionMapper() {
        this(CDI.current().select(OidcRelyingParty.class).get(), CDI.current().select(AuthEvents.class).get(),
                CDI.current().select(SignInPages.class).get());
    }

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
