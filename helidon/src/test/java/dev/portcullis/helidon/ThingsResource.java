package dev.portcullis.helidon;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The application under test's only resource, discovered by Helidon: it has no root resource and no {@code /api}, so
 * whatever answers there would be Portcullis'.
 */
@Path("/things")
@RequestScoped
public class ThingsResource {

    @Inject
    JsonWebToken caller;

    /**
     * For members of {@code staff}.
     *
     * @return the caller's subject
     */
    @GET
    @RolesAllowed("staff")
    @Produces(MediaType.TEXT_PLAIN)
    public String things() {
        return "things for " + caller.getSubject();
    }
}
