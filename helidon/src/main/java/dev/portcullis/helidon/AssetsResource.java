package dev.portcullis.helidon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The pages' stylesheet, served by JAX-RS so it works the same on the server and on Lambda, at
 * {@code ${auth.base-path}/assets/portcullis.css}. No {@code @Path} on the class, as for {@link LoginResource}.
 */
@ApplicationScoped
public class AssetsResource {

    private final byte[] stylesheet;

    /** Loads the stylesheet once. */
    AssetsResource() {
        try (InputStream in = AssetsResource.class.getResourceAsStream("portcullis.css")) {
            this.stylesheet = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stylesheet.
     *
     * @return the CSS
     */
    @GET
    @Path("portcullis.css")
    public Response stylesheet() {
        return Response.ok(stylesheet, "text/css; charset=utf-8")
                .header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
