package dev.portcullis.lambda;

import dev.portcullis.helidon.OutgoingTokenFilter;
import io.helidon.security.annotations.Authenticated;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An application resource that calls another service ({@code relay.url}) with a plain JAX-RS client and
 * {@link OutgoingTokenFilter}, as the caller or through a named outgoing client.
 */
@Path("/api/relay")
@RequestScoped
public class RelayResource {

    @Inject
    @ConfigProperty(name = "relay.url", defaultValue = "http://127.0.0.1:9")
    String url;

    @GET
    @Path("caller")
    @Authenticated
    public String asCaller() {
        return call(OutgoingTokenFilter.callersToken());
    }

    @GET
    @Path("client/{name}")
    @Authenticated
    public String throughClient(@PathParam("name") String name) {
        return call(OutgoingTokenFilter.ofClient(name));
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
