package dev.portcullis.helidon;

import java.lang.reflect.Method;
import java.util.Arrays;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The answers the Helidon server gives itself, before any routing or JAX-RS, to a request it cannot read: a request
 * line or headers over the HTTP/1 limits, a body over {@code server.max-payload-size}, HTTP/1.0, a request target that
 * is not a path ({@code *}, {@code api/me}). Helidon's own answers have no body (or its exception's message as text,
 * with a 500 for a target that is not a path); these are the service's short JSON, with a 4xx status:
 * <ul>
 *   <li>400 {@code bad_request}, 414 and 413 {@code too_large} keep Helidon's status. Headers over
 *   {@code max-headers-size} stay 400, not 431: Helidon 4.3 reports them exactly as it reports a malformed header
 *   (a bad request without a message), and RFC 6585 leaves 431 optional;</li>
 *   <li>a request target that is not an absolute path gets 400 {@code invalid_request_target}: Helidon routes it, then
 *   fails to make a URI of it;</li>
 *   <li>HTTP/1.0 gets 426 with {@code Upgrade: HTTP/1.1} (RFC 9110, 15.5.22), not 505: 505 says the major version is
 *   refused, and a client that can send HTTP/1.1 learns from 426 what to do;</li>
 *   <li>any other internal error gets 500 {@code server_error}, without the exception's message.</li>
 * </ul>
 * Helidon MP has no public way to give the server these handlers, so {@link #install(BeanManager)} calls
 * {@code ServerCdiExtension.serverBuilder()}, package-private in Helidon 4.3, by reflection; where that fails (another
 * Helidon version, the module path) the server keeps Helidon's own answers, and start-up logs one line saying so.
 */
final class ProtocolErrorAnswers implements DirectHandler {

    private static final System.Logger LOGGER = System.getLogger(ProtocolErrorAnswers.class.getName());

    /** The status for HTTP/1.0: Helidon answers HTTP/1.1 only. */
    static final Status UPGRADE_REQUIRED = Status.create(426, "Upgrade Required");

    private ProtocolErrorAnswers() {
    }

    /**
     * Gives the Helidon server these answers for every event type, before it is built.
     *
     * @param beanManager the container's, to find Helidon's server extension
     * @return whether they were installed
     */
    static boolean install(BeanManager beanManager) {
        WebServerConfig.Builder server;
        try {
            ServerCdiExtension extension = beanManager.getExtension(ServerCdiExtension.class);
            Method builder = ServerCdiExtension.class.getDeclaredMethod("serverBuilder");
            builder.setAccessible(true);
            server = (WebServerConfig.Builder) builder.invoke(extension);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no server (the Lambda handler serves through Jersey alone), or a Helidon that no longer has the method
            LOGGER.log(System.Logger.Level.DEBUG, "Helidon's own answers to unreadable requests are kept: " + e);
            return false;
        }
        if (server == null) {
            return false;
        }
        ProtocolErrorAnswers answers = new ProtocolErrorAnswers();
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        Arrays.stream(EventType.values()).forEach(type -> handlers.addHandler(type, answers));
        server.directHandlers(handlers.build());
        return true;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders headers, String message) {
        TransportResponse.Builder answer = TransportResponse.builder().headers(headers);
        Status status;
        String error;
        String description;
        if (eventType == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            status = UPGRADE_REQUIRED;
            error = "http_version_not_supported";
            description = "Send the request with HTTP/1.1.";
            answer.header(HeaderNames.UPGRADE, "HTTP/1.1");
        } else if (!request.path().isEmpty() && !request.path().startsWith("/")) {
            status = Status.BAD_REQUEST_400;
            error = "invalid_request_target";
            description = "The request target must be a path starting with /.";
        } else if (defaultStatus.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()
                || defaultStatus.code() == Status.REQUEST_URI_TOO_LONG_414.code()) {
            status = defaultStatus;
            error = "too_large";
            description = "The request is larger than this service reads.";
        } else if (defaultStatus.code() >= 500) {
            status = Status.INTERNAL_SERVER_ERROR_500;
            error = "server_error";
            description = "The request could not be served.";
        } else {
            status = defaultStatus;
            error = defaultStatus.code() == 403 ? "forbidden" : "bad_request";
            description = "The request could not be read.";
        }
        // the message may quote the request (a header, the target): it is not sent back, and Helidon logs it itself
        String body = HttpAnswers.JSON.createObjectBuilder().add("error", error).add("message", description).build().toString();
        return answer.status(status)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .keepAlive(eventType.keepAlive() && status.code() < 500)
                .entity(body)
                .build();
    }
}
