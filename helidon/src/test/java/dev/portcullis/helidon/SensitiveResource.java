package dev.portcullis.helidon;

import io.helidon.security.annotations.Authenticated;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Resources that demand a step-up: a recent sign-in, or a multi-factor one.
 */
@Path("/sensitive")
@RequestScoped
@Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
public class SensitiveResource {

    /** The ACR value of a multi-factor sign-in at the test provider. */
    static final String MFA = "urn:portcullis:test:mfa";

    /**
     * Needs a sign-in of the last five minutes.
     *
     * @return a fixed text
     */
    @GET
    @Path("recent")
    @Authenticated
    @StepUp(maxAge = "PT5M")
    public String recent() {
        return "\"recent enough\"";
    }

    /**
     * Needs a multi-factor sign-in.
     *
     * @return a fixed text
     */
    @GET
    @Path("mfa")
    @Authenticated
    @StepUp(acrValues = MFA)
    public String mfa() {
        return "\"strong enough\"";
    }
}
