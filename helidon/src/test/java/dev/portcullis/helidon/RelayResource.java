package dev.portcullis.helidon;

import io.helidon.security.annotations.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls another service with a plain JAX-RS client (no MicroProfile REST Client), with {@link OutgoingTokenFilter}
 * registered on it: as the caller, and as this service through two outgoing clients, one its provider accepts and one
 * it refuses. The other service is at {@code relay.url}.
 */
@Path("/relay")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RelayResource {

    @Inject
    @ConfigProperty(name = "relay.url", defaultValue = "http://127.0.0.1:9")
    String url;

    /**
     * As the caller.
     *
     * @return the other service's answer
     */
    @GET
    @Path("caller")
    @Authenticated
    public String asCaller() {
        return call(OutgoingTokenFilter.callersToken());
    }

    /**
     * As this service ({@code auth.clients.partner}).
     *
     * @return the other service's answer
     */
    @GET
    @Path("partner")
    @PermitAll
    public String asPartner() {
        return call(OutgoingTokenFilter.ofClient("partner"));
    }

    /**
     * As this service, through the outgoing client named in the path ({@code auth.clients.<name>}).
     *
     * @param name the client
     * @return the other service's answer
     */
    @GET
    @Path("client/{name}")
    @PermitAll
    public String asClient(@PathParam("name") String name) {
        return call(OutgoingTokenFilter.ofClient(name));
    }

    /**
     * As the caller, through an outgoing client that exchanges the caller's token ({@code auth.clients.<name>.grant=token-exchange}).
     *
     * @param name the client
     * @return the other service's answer
     */
    @GET
    @Path("exchanged/{name}")
    @Authenticated
    public String asCallerExchanged(@PathParam("name") String name) {
        return call(OutgoingTokenFilter.ofClient(name));
    }

    /**
     * As this service, with a client its provider refuses ({@code auth.clients.refused}).
     *
     * @return the other service's answer, never
     */
    @GET
    @Path("refused")
    @PermitAll
    public String asRefused() {
        return call(OutgoingTokenFilter.ofClient("refused"));
    }

    private String call(OutgoingTokenFilter filter) {
        Client client = ClientBuilder.newClient().register(filter);
        try {
            return client.target(url).request(MediaType.APPLICATION_JSON).get(String.class);
        } finally {
            client.close();
        }
    }
}
