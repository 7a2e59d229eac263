package com.example.orders;

import dev.portcullis.helidon.OutgoingToken;
import dev.portcullis.helidon.OutgoingTokenFilter;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The warehouse service, called by this service on its own behalf: with its own client-credentials token
 * ({@code auth.clients.warehouse.*}). Its URL: {@code warehouse/mp-rest/url}.
 */
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(OutgoingTokenFilter.class)
@OutgoingToken(client = "warehouse")
@Path("/capacity")
public interface WarehouseClient {

    /**
     * The warehouse's free capacity.
     *
     * @return the warehouse's answer, as JSON
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    String capacity();
}
