package dev.portcullis.service.testing;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Reading responses in assertions.
 */
public final class Responses {

    private Responses() {
    }

    /**
     * The body as a JSON object.
     *
     * @param response the response
     * @return the object
     */
    public static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /**
     * The {@code Location} header, resolved.
     *
     * @param response a redirect
     * @return the target
     */
    public static URI location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in HTTP " + response.statusCode())));
    }

    /**
     * The {@code Set-Cookie} header for one cookie.
     *
     * @param response the response
     * @param name     the cookie name
     * @return the whole header value, if the response sets that cookie
     */
    public static Optional<String> setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst();
    }

    /**
     * Every {@code Set-Cookie} header.
     *
     * @param response the response
     * @return the header values
     */
    public static List<String> setCookies(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie");
    }
}
