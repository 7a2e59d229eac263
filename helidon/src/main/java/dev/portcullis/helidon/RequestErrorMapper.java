package dev.portcullis.helidon;

import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Gives the refusals Jersey makes itself at Portcullis' endpoints (a {@code Content-Type} it cannot parse, a method an
 * endpoint does not have, a path it does not know) the same short JSON body as Portcullis' own, with Jersey's status
 * and headers ({@code Allow} on a 405). Registered in Portcullis' application only: the application's own errors are
 * its own. An application that wants the same bodies for its own resources registers it in its {@code Application}
 * ({@code getClasses}); an exception that carries a body of its own keeps it.
 */
public final class RequestErrorMapper implements ExceptionMapper<WebApplicationException> {

    /**
     * For Jersey.
     */
    public RequestErrorMapper() {
    }

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (original.getStatus() >= 500 || original.hasEntity()) {
            return original;
        }
        String error = original.getStatusInfo().getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_");
        return HttpAnswers.noStore(Response.fromResponse(original)
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .entity(HttpAnswers.JSON.createObjectBuilder().add("error", error).build().toString()))
                .build();
    }
}
