package com.example.orders;

import dev.portcullis.helidon.OutgoingToken;
import dev.portcullis.helidon.OutgoingTokenFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * A REST client interface with {@code @OutgoingToken} that inherits a method from a base interface without it: the
 * annotation chooses the token for the methods it declares only, so the inherited one is never sent.
 */
@RegisterProvider(OutgoingTokenFilter.class)
@OutgoingToken
@Path("/catalog")
public interface InheritingCatalogClient extends CatalogBase {

    /**
     * Declared here: sent with the caller's token.
     *
     * @param item the item
     * @return the answer
     */
    @GET
    @Path("declared/{item}")
    String declared(@PathParam("item") String item);
}
