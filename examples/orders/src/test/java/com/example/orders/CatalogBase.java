package com.example.orders;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A base REST client interface without {@code @OutgoingToken}. */
public interface CatalogBase {

    /**
     * Inherited: its interface chose no token, so it is not sent.
     *
     * @param item the item
     * @return never
     */
    @GET
    @Path("inherited/{item}")
    String inherited(@PathParam("item") String item);
}
