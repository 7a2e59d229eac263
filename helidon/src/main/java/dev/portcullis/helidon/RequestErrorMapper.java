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
 * ({@code getClasses}); there it leaves a 404 as Jersey made it, since Helidon asks its other routes (health, metrics,
 * OpenAPI, other applications) for a path only while that 404 is untouched. An exception that carries a body of its own
 * keeps it.
 */
public final class RequestErrorMapper implements ExceptionMapper<WebApplicationException> {

    private final boolean notFound;

    /**
     * For Jersey, in an application's own {@code Application}: every refusal but 404.
     */
    public RequestErrorMapper() {
        this(false);
    }

    /**
     * @param notFound whether to give a 404 the JSON body too: only where every path under the application's root is
     *                 its own (Portcullis' base path)
     */
    RequestErrorMapper(boolean notFound) {
        this.notFound = notFound;
    }

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (original.getStatus() >= 500 || original.hasEntity() || (original.getStatus() == 404 && !notFound)) {
            return original;
        }
        String error = original.getStatusInfo().getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_");
        return HttpAnswers.noStore(Response.fromResponse(original)
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .entity(HttpAnswers.JSON.createObjectBuilder().add("error", error).build().toString()))
                .build();
    }
}
