package dev.portcullis.service;

import dev.portcullis.auth.Identity;
import dev.portcullis.helidon.Caller;

import io.helidon.security.annotations.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The guarded demo API. The same for browser sessions and bearer-token callers: both arrive as a verified
 * {@link JsonWebToken}.
 * <p>
 * One instance for the application, as the sign-in endpoints are: it keeps no state of a request's, and the token and
 * the caller it is given answer for the request being served (the token is a request-scoped bean, reached through its
 * CDI proxy), so no resource object is created per request.
 */
@Path("/api")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "api", description = "The guarded API: a bearer token or a browser's session")
@SecurityRequirement(name = ApiResource.BEARER)
@APIResponse(responseCode = "401", description = "No valid credentials (a browser navigation is sent to sign in instead)",
        headers = @Header(name = "WWW-Authenticate", description = "Bearer, with error=\"invalid_token\" for a refused token",
                schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiResource.ERROR_SCHEMA)))
@APIResponse(responseCode = "503", description = "The token's provider cannot be reached to check it; try again (Retry-After)",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiResource.ERROR_SCHEMA)))
public class ApiResource {

    /** The OpenAPI name of the bearer security scheme. */
    static final String BEARER = "bearer";
    /** The OpenAPI name of the caller's JSON. */
    static final String CALLER_SCHEMA = "Caller";
    /** The OpenAPI name of the error JSON. */
    static final String ERROR_SCHEMA = "Error";

    /** One JSON provider lookup: {@code Json.create*} looks the provider up again on every call. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(java.util.Map.of());

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
    @Operation(summary = "The signed-in caller")
    @APIResponse(responseCode = "200", description = "The caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = CALLER_SCHEMA)))
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
    @Operation(summary = "The caller, for members of the admin group only")
    @APIResponse(responseCode = "200", description = "The caller, with \"admin\": true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = CALLER_SCHEMA)))
    @APIResponse(responseCode = "403", description = "The caller is not in the admin group",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_SCHEMA)))
    public JsonObject admin() {
        return callerJson().add("admin", true).build();
    }

    private JsonObjectBuilder callerJson() {
        Identity identity = caller.identity().orElseThrow();
        var groupArray = JSON.createArrayBuilder();
        jwt.getGroups().stream().sorted().forEach(groupArray::add);
        JsonObjectBuilder body = JSON.createObjectBuilder()
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
