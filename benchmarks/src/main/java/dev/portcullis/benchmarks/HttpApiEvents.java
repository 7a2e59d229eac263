package dev.portcullis.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portcullis.lambda.SyntheticContext;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * API Gateway HTTP API (payload format 2.0) events as API Gateway sends them to a function, with the headers a
 * browser or an API client brings, and a Lambda context for invoking a handler with them.
 */
final class HttpApiEvents {

    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d{3})");

    private HttpApiEvents() {
    }

    /**
     * A {@code GET} event.
     *
     * @param path        the path, without query
     * @param bearerToken the {@code Authorization: Bearer} token, or null for none
     * @return the event's JSON
     */
    static byte[] getWithCookies(String path, java.util.List<String> cookies) {
        String event = new String(get(path, null), StandardCharsets.UTF_8);
        String array = cookies.stream().map(cookie -> "\"" + cookie + "\"").collect(java.util.stream.Collectors.joining(","));
        // an HTTP API (2.0) event carries cookies in their own array, not as a header
        return event.replace("\"isBase64Encoded\":false", "\"cookies\":[" + array + "],\"isBase64Encoded\":false")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] get(String path, String bearerToken) {
        String authorization = bearerToken == null ? "" : "\"authorization\":\"Bearer " + bearerToken + "\",";
        String event = """
                {"version":"2.0","routeKey":"$default","rawPath":"%1$s","rawQueryString":"",
                 "headers":{"accept":"application/json",%2$s"accept-encoding":"gzip, deflate, br","content-length":"0",
                   "host":"abc123defg.execute-api.us-east-1.amazonaws.com","user-agent":"portcullis-benchmarks/1.0",
                   "x-amzn-trace-id":"Root=1-6752c1f4-3b1a4f0c2d7e6a5b4c3d2e1f","x-forwarded-for":"203.0.113.7",
                   "x-forwarded-port":"443","x-forwarded-proto":"https"},
                 "requestContext":{"accountId":"123456789012","apiId":"abc123defg",
                   "domainName":"abc123defg.execute-api.us-east-1.amazonaws.com","domainPrefix":"abc123defg",
                   "http":{"method":"GET","path":"%1$s","protocol":"HTTP/1.1","sourceIp":"203.0.113.7","userAgent":"portcullis-benchmarks/1.0"},
                   "requestId":"NxmGCjgdoAMEbqQ=","routeKey":"$default","stage":"$default",
                   "time":"06/Dec/2024:09:12:52 +0000","timeEpoch":1733476372123},
                 "isBase64Encoded":false}
                """.formatted(path, authorization);
        return event.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Invokes a handler with an event, as the Lambda runtime does.
     *
     * @param handler the handler
     * @param event   the event
     * @return the answer's {@code statusCode}, or -1 when it has none
     * @throws IOException when the handler fails
     */
    /** The Lambda context of every benchmark invocation. */
    private static final SyntheticContext CONTEXT = new SyntheticContext("benchmark");

    static int invoke(RequestStreamHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream(1024);
        handler.handleRequest(new ByteArrayInputStream(event), answer, CONTEXT);
        Matcher status = STATUS.matcher(answer.toString(StandardCharsets.UTF_8));
        return status.find() ? Integer.parseInt(status.group(1)) : -1;
    }
}
