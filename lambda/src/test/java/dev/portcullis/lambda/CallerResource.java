package dev.portcullis.lambda;

import java.util.Locale;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.Caller;

import io.helidon.security.annotations.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A guarded resource of the application under test, discovered by Helidon (no {@code Application} subclass), as an
 * adopter's would be.
 */
@Path("/api")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Caller caller;

    @Inject
    OidcRelyingParty relyingParty;

    @GET
    @Path("me")
    @Authenticated
    public JsonObject me() {
        var identity = caller.identity().orElseThrow();
        return Json.createObjectBuilder()
                .add("sub", jwt.getSubject())
                .add("provider", identity.provider())
                .add("groups", Json.createArrayBuilder(jwt.getGroups().stream().sorted().toList()))
                .add("source", identity.source().name().toLowerCase(Locale.ROOT))
                .build();
    }

    /**
     * An application resource that lets the auth module's exception through, for Portcullis' mapping to answer.
     *
     * @param token a token to verify
     * @return never: the token is refused
     */
    @GET
    @Path("verify")
    @PermitAll
    public JsonObject verify(@QueryParam("token") String token) {
        relyingParty.verifyBearer(token);
        return me();
    }

    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public JsonObject admin() {
        return me();
    }
}
