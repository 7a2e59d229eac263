package dev.portcullis.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading API Gateway events and writing their answers, where the container library needs help:
 * <ul>
 *   <li>An HTTP API (payload 2.0) event carries the browser's cookies in a {@code cookies} array, not in a
 *   {@code cookie} header; they are put back into the header the application reads.</li>
 *   <li>An HTTP API event's {@code rawPath} starts with the stage name when the stage is not {@code $default}
 *   ({@code /prod/auth/callback}); the stage is removed, so the application sees {@code /auth/callback} as behind a
 *   REST API.</li>
 *   <li>An HTTP API answer must carry each {@code Set-Cookie} in a {@code cookies} array: its {@code headers} are
 *   single-valued, and {@code multiValueHeaders} do not exist in payload 2.0.</li>
 *   <li>An event the container library would fail on (it answers those 502, or throws, which Lambda reports as an
 *   invocation error and API Gateway as a 502) is refused here with a short JSON: 400 for an event that is not an API
 *   Gateway event (not a JSON object, no method or path, a field of the wrong JSON type, a {@code cookies} array
 *   holding anything but strings), for a body marked base64 that is not, and for a query that is not valid
 *   percent-encoding; 413 for a body over the limit, before the body is decoded or handed to Jersey. A query
 *   parameter of neither name nor value ({@code ?=}) is dropped, as the container library cannot split it.</li>
 * </ul>
 */
final class ApiGatewayEvents {

    /** An event of either payload version, or the refusal of one. */
    sealed interface Event permits RestEvent, HttpApiEvent, Refused {
    }

    /**
     * An event refused before it reaches the application.
     *
     * @param status  400 or 413
     * @param message why, in one sentence
     */
    record Refused(int status, String message) implements Event {
    }

    /** API Gateway REST API, or HTTP API with payload format 1.0. */
    record RestEvent(AwsProxyRequest request) implements Event {
    }

    /** API Gateway HTTP API with payload format 2.0. */
    record HttpApiEvent(HttpApiV2ProxyRequest request) implements Event {
    }

    /** The characters of an HTTP method token (RFC 9110's tchar). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final ObjectMapper mapper = LambdaContainerHandler.getObjectMapper();
    private final long maxBodyBytes;

    /**
     * @param maxBodyBytes the largest request body served, in bytes; a larger one gets 413
     */
    ApiGatewayEvents(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reads one event of each payload format, as the first request will, so that Jackson has built its readers of
     * the container's request types before it: run on the warm-up thread during the cold start. Never throws.
     */
    static void warmUp() {
        ApiGatewayEvents events = new ApiGatewayEvents(LambdaApplication.LAMBDA_PAYLOAD_LIMIT);
        for (String event : List.of(
                "{\"version\":\"2.0\",\"rawPath\":\"/\",\"headers\":{},\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/\"}}}",
                "{\"httpMethod\":\"GET\",\"path\":\"/\",\"headers\":{},\"requestContext\":{\"identity\":{}}}")) {
            try {
                events.read(new java.io.ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                // the first real event reads the same way and answers for itself
            }
        }
    }

    Event read(InputStream input) throws IOException {
        JsonNode json;
        try {
            json = mapper.readTree(input);
        } catch (JsonProcessingException e) {
            return new Refused(400, "The event is not JSON.");
        }
        if (json == null || json.isMissingNode()) {
            return new Refused(400, "The event is not JSON.");
        }
        if (!(json instanceof ObjectNode event)) {
            return new Refused(400, "The event is not a JSON object.");
        }
        boolean httpApi = "2.0".equals(event.path("version").asText());
        JsonNode method = httpApi ? event.path("requestContext").path("http").path("method") : event.path("httpMethod");
        JsonNode path = event.path(httpApi ? "rawPath" : "path");
        if (!method.isTextual() || !TOKEN.matcher(method.asText()).matches() || !path.isTextual() || !path.asText().startsWith("/")) {
            return new Refused(400, "The event has no method or no path.");
        }
        if (!(event.path("requestContext") instanceof ObjectNode requestContext)) {
            return new Refused(400, "The event has no request context.");
        }
        if (!httpApi && !requestContext.path("identity").isObject()) {
            // the container reads the caller's address there; API Gateway always sends one, a test tool may not
            requestContext.putObject("identity");
        }
        for (String map : List.of("headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
                "pathParameters", "stageVariables")) {
            withoutNulls(event.path(map));
        }
        JsonNode body = event.path("body");
        JsonNode base64 = event.path("isBase64Encoded");
        if (!(body.isMissingNode() || body.isNull() || body.isTextual()) || !(base64.isMissingNode() || base64.isNull() || base64.isBoolean())) {
            return new Refused(400, "The event's body is not a string.");
        }
        if (body.isTextual()) {
            Refused refused = bodyRefusal(body.asText(), base64.asBoolean(false));
            if (refused != null) {
                return refused;
            }
        }
        if (httpApi) {
            JsonNode cookies = event.path("cookies");
            if (!(cookies.isMissingNode() || cookies.isNull() || cookies.isArray()) || (cookies.isArray() && !allText(cookies))) {
                return new Refused(400, "The event's cookies are not strings.");
            }
            JsonNode rawQuery = event.path("rawQueryString");
            if (rawQuery.isTextual()) {
                String query = readableQuery(rawQuery.asText());
                if (query == null) {
                    return new Refused(400, "The query is not valid percent-encoding.");
                }
                event.put("rawQueryString", query);
            }
        }
        try {
            if (httpApi) {
                return new HttpApiEvent(withCookieHeaderAndWithoutStage(mapper.treeToValue(event, HttpApiV2ProxyRequest.class)));
            }
            return new RestEvent(mapper.treeToValue(event, AwsProxyRequest.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Refused(400, "The event is not an API Gateway event.");
        }
    }

    /** 413 for a body over the limit (judged by its length, before decoding it), 400 for one marked base64 that is not. */
    private Refused bodyRefusal(String body, boolean base64) {
        long bytes = base64 ? body.length() / 4L * 3 : body.length();
        if (bytes > maxBodyBytes || (!base64 && (long) body.length() * 3 > maxBodyBytes
                && body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes)) {
            return new Refused(413, "The request body is larger than " + maxBodyBytes + " bytes.");
        }
        if (base64) {
            try {
                if (Base64.getDecoder().decode(body).length > maxBodyBytes) {
                    return new Refused(413, "The request body is larger than " + maxBodyBytes + " bytes.");
                }
            } catch (IllegalArgumentException e) {
                return new Refused(400, "The request body is marked base64 but is not.");
            }
        }
        return null;
    }

    /** Removes the null values of a map of strings or of lists of strings, and the lists left empty: as if absent. */
    private static void withoutNulls(JsonNode map) {
        if (map instanceof ObjectNode object) {
            object.properties().removeIf(entry -> {
                JsonNode value = entry.getValue();
                if (value instanceof ArrayNode list) {
                    for (int i = list.size() - 1; i >= 0; i--) {
                        if (list.get(i).isNull()) {
                            list.remove(i);
                        }
                    }
                    return list.isEmpty();
                }
                return value.isNull();
            });
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The raw query as the container library can read it: null when a name or value is not valid percent-encoding;
     * without the parameters of neither name nor value ({@code =}), which it cannot split.
     */
    static String readableQuery(String rawQuery) {
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (!pair.isEmpty() && pair.chars().allMatch(c -> c == '=')) {
                continue;
            }
            try {
                for (String part : pair.split("=", -1)) {
                    URLDecoder.decode(part, StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
            kept.add(pair);
        }
        return String.join("&", kept);
    }

    /** Writes a refusal, in the shape both payload formats' answers share. */
    void writeRefusal(Refused refused, OutputStream output) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statusCode", refused.status());
        answer.put("headers", Map.of("Content-Type", "application/json", "Cache-Control", "no-store"));
        answer.put("body", mapper.writeValueAsString(Map.of("error", refused.status() == 413 ? "too_large" : "bad_request",
                "message", refused.message())));
        answer.put("isBase64Encoded", false);
        mapper.writeValue(output, answer);
    }

    void writeRest(AwsProxyResponse response, OutputStream output) throws IOException {
        mapper.writeValue(output, response);
    }

    void writeHttpApi(AwsProxyResponse response, OutputStream output) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statusCode", response.getStatusCode());
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Set-Cookie")) {
                    cookies.addAll(values);
                } else if (values != null && !values.isEmpty()) {
                    headers.put(name, String.join(",", values));
                }
            });
        }
        answer.put("headers", headers);
        if (!cookies.isEmpty()) {
            answer.put("cookies", cookies);
        }
        answer.put("body", response.getBody());
        answer.put("isBase64Encoded", response.isBase64Encoded());
        mapper.writeValue(output, answer);
    }

    private static HttpApiV2ProxyRequest withCookieHeaderAndWithoutStage(HttpApiV2ProxyRequest request) {
        List<String> cookies = request.getCookies();
        if (cookies != null && !cookies.isEmpty()) {
            Map<String, String> headers = request.getHeaders() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(request.getHeaders());
            headers.keySet().removeIf(name -> name.equalsIgnoreCase("cookie"));
            headers.put("cookie", String.join("; ", cookies));
            request.setHeaders(headers);
        }
        String stage = request.getRequestContext() == null ? null : request.getRequestContext().getStage();
        String path = request.getRawPath();
        if (stage != null && !stage.equals("$default") && path != null) {
            String prefix = "/" + stage;
            if (path.equals(prefix)) {
                request.setRawPath("/");
            } else if (path.startsWith(prefix + "/")) {
                request.setRawPath(path.substring(prefix.length()));
            }
        }
        return request;
    }
}
