package com.example.orders;

import io.helidon.security.annotations.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Stock and capacity, from two other services: the inventory is asked as the caller (a signed-in customer or an API
 * client), the warehouse as this service. Nothing here handles tokens: the REST clients' {@code OutgoingTokenFilter}
 * does.
 */
@Path("/stock")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StockResource {

    @Inject
    @RestClient
    InventoryClient inventory;

    @Inject
    @RestClient
    WarehouseClient warehouse;

    /**
     * What is in stock of an item, as the inventory tells the caller.
     *
     * @param item the item
     * @return the inventory's answer
     */
    @GET
    @Path("{item}")
    @Authenticated
    public String stock(@PathParam("item") String item) {
        return inventory.stock(item);
    }

    /**
     * The same, for anyone: without a signed-in caller there is no token to send, and the inventory is not called.
     *
     * @param item the item
     * @return the inventory's answer
     */
    @GET
    @Path("public/{item}")
    @PermitAll
    public String stockForAnyone(@PathParam("item") String item) {
        return inventory.stock(item);
    }

    /**
     * The warehouse's free capacity, asked by this service on its own behalf.
     *
     * @return the warehouse's answer
     */
    @GET
    @Path("capacity")
    @PermitAll
    public String capacity() {
        return warehouse.capacity();
    }
}
