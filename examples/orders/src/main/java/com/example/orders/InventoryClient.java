package com.example.orders;

import dev.portcullis.helidon.OutgoingToken;
import dev.portcullis.helidon.OutgoingTokenFilter;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The inventory service, called as the caller of this one: with the caller's own access token (its bearer token, or
 * its browser session's access token). Its URL: {@code inventory/mp-rest/url}.
 */
@RegisterRestClient(configKey = "inventory")
@RegisterProvider(OutgoingTokenFilter.class)
@OutgoingToken
@Path("/stock")
public interface InventoryClient {

    /**
     * What is in stock of an item.
     *
     * @param item the item
     * @return the inventory's answer, as JSON
     */
    @GET
    @Path("{item}")
    @Produces(MediaType.APPLICATION_JSON)
    String stock(@PathParam("item") String item);
}
