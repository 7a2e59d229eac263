package dev.portcullis.helidon;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Refuses a request whose {@code Content-Type} or {@code Accept} does not parse with a 400 and a short JSON body (text
 * for a browser), before Jersey reads them to pick a resource method: Jersey answers such a request with a 400 of its
 * own, empty, which it builds without asking any exception mapper. Registered on every JAX-RS application by
 * {@link PortcullisCdiExtension}, and on Portcullis' own. Public only for Jersey, which creates it; not an API.
 */
@PreMatching
// before anything else reads the headers, Helidon Security's request filter included
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestHeaderCheck implements ContainerRequestFilter {

    /**
     * For Jersey.
     */
    public RequestHeaderCheck() {
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // Jersey's own parsers, so that what passes here parses again later
        String unreadable = null;
        try {
            request.getMediaType();
        } catch (ProcessingException | IllegalArgumentException e) {
            unreadable = "The Content-Type header cannot be read.";
        }
        try {
            request.getAcceptableMediaTypes();
        } catch (ProcessingException | IllegalArgumentException e) {
            unreadable = unreadable == null ? "The Accept header cannot be read." : "The Content-Type and Accept headers cannot be read.";
        }
        if (unreadable != null) {
            request.abortWith(HttpAnswers.unreadable(400, unreadable, request.getHeaders()));
        }
    }
}
