package com.example.orders;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The application's root: open to everyone, and it greets a signed-in caller by name.
 */
@Path("/")
@RequestScoped
public class WelcomeResource {

    @Inject
    JsonWebToken caller;

    /**
     * A greeting.
     *
     * @return who the caller is, if anyone
     */
    @GET
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    public String welcome() {
        return caller.getName() == null ? "Welcome. Sign in at /auth/login." : "Welcome, " + caller.getName() + ".";
    }
}
