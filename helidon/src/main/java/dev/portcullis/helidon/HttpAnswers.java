package dev.portcullis.helidon;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.portcullis.auth.SetCookie;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How every answer about sign-in is built: never cached, with the module's cookies.
 */
final class HttpAnswers {

    /** JSON builders from one provider lookup: {@code Json.create*} looks the provider up again on every call. */
    static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private HttpAnswers() {
    }

    /** Marks an answer as not to be stored by any cache: it depends on who is signed in. */
    static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return response.cacheControl(noStore).header("Pragma", "no-cache");
    }

    /** Adds {@code Set-Cookie} headers, one per cookie. */
    static Response.ResponseBuilder withCookies(Response.ResponseBuilder response, List<SetCookie> cookies) {
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie.headerValue()));
        return response;
    }

    /**
     * The refusal of a state-changing request from another site: a short text for a browser, JSON for a script.
     *
     * @param headers the request headers
     * @return 403
     */
    static Response crossSiteRefused(Map<String, List<String>> headers) {
        boolean html = HttpRequests.wantsHtml(headers);
        return noStore(Response.status(Response.Status.FORBIDDEN)
                .type(html ? MediaType.TEXT_PLAIN_TYPE : MediaType.APPLICATION_JSON_TYPE)
                .entity(html ? "Cross-site request refused." : JSON.createObjectBuilder().add("error", "forbidden").build().toString()))
                .build();
    }

    /**
     * The refusal of a request body the endpoint cannot read: a short JSON, or text for a browser.
     *
     * @param status  400, 413 or 415
     * @param message what to send instead, in one sentence
     * @param headers the request headers
     * @return the answer
     */
    static Response unreadable(int status, String message, Map<String, List<String>> headers) {
        boolean html = HttpRequests.wantsHtml(headers);
        return noStore(Response.status(status)
                .type(html ? MediaType.TEXT_PLAIN_TYPE : MediaType.APPLICATION_JSON_TYPE)
                .entity(html ? message : JSON.createObjectBuilder()
                        .add("error", switch (status) {
                            case 413 -> "too_large";
                            case 415 -> "unsupported_media_type";
                            default -> "bad_request";
                        })
                        .add("message", message).build().toString()))
                .build();
    }

    /** A redirect that sets cookies. */
    static Response redirect(Response.Status status, URI location, List<SetCookie> cookies) {
        return withCookies(noStore(Response.status(status).location(location)), cookies).build();
    }
}
