package dev.portcullis.helidon;

import java.util.Map;

import io.helidon.security.AuthorizationResponse;
import io.helidon.security.SecurityResponse;
import io.helidon.microprofile.security.spi.SecurityResponseMapper;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Gives the guard's 401 and 403 answers a short JSON body that never says why: the same body for every
 * token failure. Redirects stay bodiless.
 */
public final class SecurityRefusalBodies implements SecurityResponseMapper {

    /** One provider lookup: {@code Json.create*} looks the JSON provider up again on every call. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public SecurityRefusalBodies() {
    }

    @Override
    public void aborted(SecurityResponse securityResponse, Response.ResponseBuilder responseBuilder) {
        // the status Helidon answers with: the provider's, else 403 for authorization and 401 for authentication
        int status = securityResponse.statusCode()
                .orElse(securityResponse instanceof AuthorizationResponse ? 403 : 401);
        String error = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            default -> null;
        };
        if (error != null) {
            responseBuilder.type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(JSON.createObjectBuilder().add("error", error).build().toString());
        }
    }
}
