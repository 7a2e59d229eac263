package dev.portcullis.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Portcullis API as a MicroProfile REST client.
 * <p>
 * Built by hand, with an access token from wherever the caller keeps it:
 * <pre>{@code
 * PortcullisApi api = RestClientBuilder.newBuilder()
 *         .baseUri(URI.create("https://app.example.com"))
 *         .register(BearerToken.from(tokens::accessToken))
 *         .build(PortcullisApi.class);
 * Caller me = api.me();
 * }</pre>
 * or injected in a CDI application ({@code @Inject @RestClient PortcullisApi api}) with the base URL in
 * MicroProfile Config as {@code portcullis/mp-rest/url}; there, a call made while serving a request that came with
 * {@code Authorization: Bearer} sends that same token on.
 * <p>
 * A refusal is a {@link jakarta.ws.rs.WebApplicationException} whose response has the status: 401 without a valid
 * token (with {@code WWW-Authenticate: Bearer}), 403 for {@link #admin()} without the {@code admin} group, 503 while
 * the token's provider cannot be reached.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RegisterRestClient(configKey = "portcullis")
@RegisterClientHeaders(IncomingBearerPropagation.class)
@RegisterProvider(CallerReader.class)
public interface PortcullisApi {

    /**
     * {@code GET /api/me}: the caller the token belongs to.
     *
     * @return the caller
     */
    @GET
    @Path("me")
    Caller me();

    /**
     * {@code GET /api/admin}: the caller, for members of the {@code admin} group only.
     *
     * @return the caller, with {@link Caller#admin()} true
     */
    @GET
    @Path("admin")
    Caller admin();
}
