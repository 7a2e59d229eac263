package dev.portcullis.service;

import dev.portcullis.auth.Identity;
import dev.portcullis.service.security.Caller;

import io.helidon.security.annotations.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The guarded demo API. The same for browser sessions and bearer-token callers: both arrive as a verified
 * {@link JsonWebToken}.
 */
@Path("/api")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {

    private final JsonWebToken jwt;
    private final Caller caller;

    /**
     * For CDI.
     *
     * @param jwt    the caller's token
     * @param caller the caller
     */
    @Inject
    public ApiResource(JsonWebToken jwt, Caller caller) {
        this.jwt = jwt;
        this.caller = caller;
    }

    /**
     * For CDI proxies.
     */
    protected ApiResource() {
        this(null, null);
    }

    /**
     * The signed-in caller: {@code sub}, name, email, provider, groups and when the access token expires.
     *
     * @return the caller as JSON
     */
    @GET
    @Path("me")
    @Authenticated
    public JsonObject me() {
        return callerJson().build();
    }

    /**
     * Only for members of the {@code admin} group.
     *
     * @return the caller as JSON, with {@code "admin": true}
     */
    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public JsonObject admin() {
        return callerJson().add("admin", true).build();
    }

    private JsonObjectBuilder callerJson() {
        Identity identity = caller.identity().orElseThrow();
        var groupArray = HttpAnswers.JSON.createArrayBuilder();
        jwt.getGroups().stream().sorted().forEach(groupArray::add);
        JsonObjectBuilder body = HttpAnswers.JSON.createObjectBuilder()
                .add("sub", jwt.getSubject())
                .add("name", identity.displayName())
                .add("provider", identity.provider())
                .add("groups", groupArray)
                .add("expires_at", identity.expiresAt().toString())
                .add("source", identity.source().name().toLowerCase(java.util.Locale.ROOT));
        identity.email().ifPresent(email -> body.add("email", email));
        return body;
    }
}
