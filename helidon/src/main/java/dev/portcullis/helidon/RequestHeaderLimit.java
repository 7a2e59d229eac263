package dev.portcullis.helidon;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses a request whose header section is over {@link #MAX_HEADER_BYTES} with 431 and a short JSON body (RFC 6585),
 * on every route of the server, before any handler. Helidon's own limit ({@code max-headers-size}, which Portcullis sets
 * to {@link ServerLimitDefaults#MAX_HEADERS_SIZE}) stays the hard bound on what is read at all; it answers 400, because
 * Helidon 4.3 reports an oversized header section exactly as a malformed one.
 */
final class RequestHeaderLimit implements Filter {

    /** The largest header section served: a session of three cookie chunks and a long bearer token fit. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private static final String BODY = HttpAnswers.JSON.createObjectBuilder().add("error", "too_large")
            .add("message", "The request headers are larger than this service reads.").build().toString();
    private static final Status TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long size = 0;
        for (Header header : request.headers()) {
            // each value as its own line: name, ": ", value, CRLF
            for (String value : header.allValues()) {
                size += header.name().length() + value.length() + 4;
            }
        }
        if (size <= MAX_HEADER_BYTES) {
            chain.proceed();
            return;
        }
        response.status(TOO_LARGE)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .header(HeaderValues.CONNECTION_CLOSE)
                .send(BODY);
    }
}
