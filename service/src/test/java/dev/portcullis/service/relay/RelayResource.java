package dev.portcullis.service.relay;

import dev.portcullis.client.Caller;
import dev.portcullis.client.PortcullisApi;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code GET /relay/me}: asks the API who the caller is through the injected client, with no token of its own, so
 * whatever reaches the API came from the incoming request. The API's refusal status is passed back.
 */
@Path("/")
@RequestScoped
public class RelayResource {

    @Inject
    @RestClient
    PortcullisApi api;

    /**
     * The caller, as the API saw them.
     *
     * @return {@code sub}, {@code provider} and {@code source}, or the API's refusal status
     */
    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response me() {
        try {
            Caller caller = api.me();
            return Response.ok(Json.createObjectBuilder()
                    .add("sub", caller.subject())
                    .add("provider", caller.provider())
                    .add("source", caller.source().name())
                    .build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (WebApplicationException e) {
            return Response.status(e.getResponse().getStatus()).build();
        }
    }
}
