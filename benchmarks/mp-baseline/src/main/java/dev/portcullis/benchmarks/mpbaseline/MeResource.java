package dev.portcullis.benchmarks.mpbaseline;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The one resource, found by Helidon's bean discovery as an application's resources are: {@code GET /api/me}.
 */
@Path("/api")
@RequestScoped
public class MeResource {

    /**
     * For CDI.
     */
    public MeResource() {
    }

    /**
     * A fixed caller.
     *
     * @return the caller as JSON
     */
    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public String me() {
        return "{\"sub\":\"baseline\",\"provider\":\"none\"}";
    }
}
