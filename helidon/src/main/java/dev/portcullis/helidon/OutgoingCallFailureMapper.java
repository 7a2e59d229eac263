package dev.portcullis.helidon;

import java.lang.System.Logger.Level;
import java.util.List;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.spi.SignInPages;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers an outgoing call that failed and that the resource let through: JAX-RS clients wrap what their filters throw
 * in a {@link ProcessingException}, so an {@link dev.portcullis.auth.OutgoingTokenException} of
 * {@link OutgoingTokenFilter} arrives here, and gets the answer every auth failure gets (401 without a caller token,
 * 502 when a client's token could not be had). A JSON or JSON-B failure to read a request body (which JAX-RS also
 * throws as a {@code ProcessingException}) is a 400; any other {@code ProcessingException}, a failure to call another
 * service, is a 502 with a short JSON body, not a 500 with a stack trace. Registered on every JAX-RS application: an
 * application's own {@code ExceptionMapper<ProcessingException>} takes precedence, but a more general mapper of its
 * own ({@code ExceptionMapper<Exception>}) no longer sees these. Public only for Jersey, which creates it; not an API.
 */
@Priority(Priorities.USER + 1000)
public final class OutgoingCallFailureMapper implements ExceptionMapper<ProcessingException> {

    private static final System.Logger LOG = System.getLogger(OutgoingCallFailureMapper.class.getName());

    private final AuthErrorResponses responses;
    private final AuthEvents events;

    @Context
    private HttpHeaders headers;

    /**
     * For Jersey: the relying party, the pages and the events from CDI.
     */
    public OutgoingCallFailureMapper() {
        OidcRelyingParty relyingParty = CDI.current().select(OidcRelyingParty.class).get();
        this.responses = new AuthErrorResponses(relyingParty, CDI.current().select(SignInPages.class).get());
        this.events = CDI.current().select(AuthEvents.class).get();
    }

    @Override
    public Response toResponse(ProcessingException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthException failure) {
                events.refused("outgoing call not sent", failure);
                return responses.toResponse(failure, headers.getRequestHeaders(), List.of());
            }
            if (cause.getClass().getName().startsWith("jakarta.json.")) {
                // JSON-B and JSON-P throw their failures to read a request body as a ProcessingException too: the
                // client's body, not another service
                return HttpAnswers.noStore(Response.status(Response.Status.BAD_REQUEST)).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(HttpAnswers.JSON.createObjectBuilder().add("error", "bad_request")
                                .add("message", "The request body cannot be read.").build().toString())
                        .build();
            }
        }
        // the message may name the downstream's address; the stack trace says nothing the operator needs
        LOG.log(Level.WARNING, "an outgoing call failed: {0}", exception.getCause() == null
                ? exception.getClass().getSimpleName() : exception.getCause().getClass().getSimpleName());
        return HttpAnswers.noStore(Response.status(Response.Status.BAD_GATEWAY)).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(HttpAnswers.JSON.createObjectBuilder().add("error", "downstream_unavailable")
                        .add("message", "A service this one depends on could not be called.").build().toString())
                .build();
    }
}
