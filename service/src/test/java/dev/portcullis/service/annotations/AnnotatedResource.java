package dev.portcullis.service.annotations;

import java.util.Set;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A resource of the kind users write: class-level {@code @RolesAllowed}, overridden per method.
 */
@Path("/annotated")
@RequestScoped
@RolesAllowed("staff")
@Produces(MediaType.APPLICATION_JSON)
public class AnnotatedResource {

    @Inject
    JsonWebToken jwt;

    @Context
    SecurityContext security;

    @GET
    @Path("staff")
    public JsonObject staff() {
        return describe();
    }

    @POST
    @Path("staff")
    public JsonObject changeSomething() {
        return describe();
    }

    @GET
    @Path("admin-or-auditor")
    @RolesAllowed({"admin", "auditor"})
    public JsonObject adminOrAuditor() {
        return describe();
    }

    @GET
    @Path("orders")
    @RolesAllowed("orders/read")
    public JsonObject readOrders() {
        // a role named as a Cognito custom scope, for machine-to-machine callers (auth.<name>.roles-from-scope)
        return describe();
    }

    @GET
    @Path("open")
    @PermitAll
    public JsonObject open() {
        return describe();
    }

    @GET
    @Path("closed")
    @DenyAll
    public JsonObject closed() {
        return describe();
    }

    private JsonObject describe() {
        var body = Json.createObjectBuilder()
                .add("name", jwt.getName() == null ? "anonymous" : jwt.getName())
                .add("principal", security.getUserPrincipal() == null ? "none" : security.getUserPrincipal().getName())
                .add("inRoleAdmin", security.isUserInRole("admin"));
        if (jwt.getRawToken() != null) {
            Set<String> groups = jwt.getGroups();
            Set<String> audience = jwt.getAudience();
            body.add("groups", Json.createArrayBuilder(groups.stream().sorted().toList()))
                    .add("audience", Json.createArrayBuilder(audience == null ? java.util.List.of() : audience.stream().sorted().toList()))
                    .add("exp", jwt.getExpirationTime())
                    .add("issuer", jwt.getIssuer())
                    .add("rawTokenIsJwt", jwt.getRawToken().split("\\.").length == 3)
                    .add("claimNamesHaveGroups", jwt.getClaimNames().contains(Claims.groups.name()));
            Object address = jwt.getClaim("address");
            if (address instanceof JsonValue value) {
                body.add("address", value);
            }
        }
        return body.build();
    }
}
