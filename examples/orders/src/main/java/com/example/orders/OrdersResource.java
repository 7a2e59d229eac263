package com.example.orders;

import java.util.List;

import io.helidon.security.annotations.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The orders: staff see every order and place new ones; any signed-in customer sees their own. The caller is a
 * browser with a session or an API client with a bearer token; either way it arrives as a {@link JsonWebToken}.
 */
@Path("/orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    private static final List<JsonObject> ORDERS = List.of(
            order("o-1", "alice", "3 tea towels"),
            order("o-2", "bob", "1 teapot"));

    @Inject
    JsonWebToken caller;

    /**
     * Every order, for staff.
     *
     * @return the orders
     */
    @GET
    @RolesAllowed("staff")
    public JsonArray all() {
        return Json.createArrayBuilder(ORDERS).build();
    }

    /**
     * The caller's own orders.
     *
     * @return the orders whose customer is the caller
     */
    @GET
    @Path("mine")
    @Authenticated
    public JsonArray mine() {
        return Json.createArrayBuilder(ORDERS.stream()
                .filter(order -> order.getString("customer").equals(caller.getSubject()))
                .toList()).build();
    }

    /**
     * Places an order, for staff: a state-changing request, which Portcullis accepts with a session cookie only from
     * this site.
     *
     * @return the order placed
     */
    @POST
    @RolesAllowed("staff")
    public JsonObject place() {
        return order("o-3", caller.getSubject(), "1 kettle");
    }

    private static JsonObject order(String id, String customer, String items) {
        return Json.createObjectBuilder().add("id", id).add("customer", customer).add("items", items).build();
    }
}
