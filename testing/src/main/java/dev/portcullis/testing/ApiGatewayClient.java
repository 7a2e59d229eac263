package dev.portcullis.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A browser behind API Gateway: each request becomes a real API Gateway event (from the JSON fixtures in
 * {@code dev/portcullis/testing/events}, of the stage {@code prod}), fed to a Lambda handler; each answer is read the
 * way API Gateway reads it. Cookies are kept as a browser keeps them.
 */
public final class ApiGatewayClient {

    /** The two payload formats. */
    public enum Payload {
        /** API Gateway REST API, payload format 1.0. */
        REST_V1("rest-api-v1.json"),
        /** API Gateway HTTP API, payload format 2.0. */
        HTTP_API_V2("http-api-v2.json");

        private final String fixture;

        Payload(String fixture) {
            this.fixture = fixture;
        }
    }

    /**
     * An answer as API Gateway would send it on.
     *
     * @param status     the status code
     * @param headers    the headers (names in lower case), without {@code Set-Cookie}
     * @param setCookies the {@code Set-Cookie} values
     * @param body       the body, decoded when it was base64
     */
    public record Answer(int status, Map<String, List<String>> headers, List<String> setCookies, String body) {
        /**
         * A header of the answer.
         *
         * @param name a header name, in any case
         * @return its first value, or null
         */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** {@return the body, parsed as a JSON object} */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestStreamHandler handler;
    private final Payload payload;
    private final Context context;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /**
     * A client of one handler, speaking one payload format.
     *
     * @param handler the Lambda handler
     * @param payload the payload format
     * @param context the Lambda context every invocation gets ({@code dev.portcullis.lambda.SyntheticContext} will do)
     */
    public ApiGatewayClient(RequestStreamHandler handler, Payload payload, Context context) {
        this.handler = handler;
        this.payload = payload;
        this.context = context;
    }

    /** {@return the cookies this client holds, by name: those the handler's answers set and did not delete} */
    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    /**
     * A GET.
     *
     * @param pathAndQuery the path (without the stage) and raw query
     * @param headers      request headers
     * @return the answer
     */
    public Answer get(String pathAndQuery, Map<String, String> headers) {
        return send("GET", pathAndQuery, headers, null, false);
    }

    /**
     * A request.
     *
     * @param method       the method
     * @param pathAndQuery the path (without the stage) and raw query
     * @param headers      request headers
     * @param body         the body, or null
     * @param base64       whether to send the body base64-encoded, as API Gateway does for binary media types
     * @return the answer
     */
    public Answer send(String method, String pathAndQuery, Map<String, String> headers, String body, boolean base64) {
        ObjectNode event = fixture();
        URI uri = URI.create(pathAndQuery);
        String path = uri.getRawPath();
        String rawQuery = uri.getRawQuery();
        Map<String, List<String>> query = decodeQuery(rawQuery);
        String encodedBody = body == null ? null : base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body;
        if (payload == Payload.HTTP_API_V2) {
            event.put("rawPath", "/prod" + path);
            event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
            ObjectNode parameters = event.putObject("queryStringParameters");
            query.forEach((name, values) -> parameters.put(name, String.join(",", values)));
            ObjectNode eventHeaders = event.putObject("headers");
            fixture().with("headers").properties().forEach(h -> eventHeaders.set(h.getKey(), h.getValue()));
            headers.forEach((name, value) -> eventHeaders.put(name.toLowerCase(Locale.ROOT), value));
            ArrayNode eventCookies = event.putArray("cookies");
            cookies.forEach((name, value) -> eventCookies.add(name + "=" + value));
            ObjectNode http = event.with("requestContext").with("http");
            http.put("method", method);
            http.put("path", "/prod" + path);
        } else {
            event.put("path", path);
            event.put("httpMethod", method);
            event.with("requestContext").put("httpMethod", method).put("path", "/prod" + path);
            event.with("pathParameters").put("proxy", path.substring(1));
            if (query.isEmpty()) {
                event.putNull("queryStringParameters");
                event.putNull("multiValueQueryStringParameters");
            } else {
                ObjectNode single = event.putObject("queryStringParameters");
                ObjectNode multi = event.putObject("multiValueQueryStringParameters");
                query.forEach((name, values) -> {
                    single.put(name, values.get(values.size() - 1));
                    ArrayNode list = multi.putArray(name);
                    values.forEach(list::add);
                });
            }
            ObjectNode single = event.with("headers");
            ObjectNode multi = event.with("multiValueHeaders");
            Map<String, String> all = new LinkedHashMap<>(headers);
            if (!cookies.isEmpty()) {
                all.put("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
            }
            all.forEach((name, value) -> {
                single.put(name, value);
                multi.putArray(name).add(value);
            });
        }
        if (encodedBody == null) {
            event.putNull("body");
        } else {
            event.put("body", encodedBody);
        }
        event.put("isBase64Encoded", base64);
        return invoke(event);
    }

    private Answer invoke(ObjectNode event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), output, context);
            JsonNode answer = JSON.readTree(output.toByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            List<String> setCookies = new ArrayList<>();
            if (payload == Payload.HTTP_API_V2) {
                if (answer.has("multiValueHeaders")) {
                    throw new AssertionError("an HTTP API answer has no multiValueHeaders: API Gateway would ignore them");
                }
                answer.path("headers").properties().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), List.of(h.getValue().asText())));
                answer.path("cookies").forEach(c -> setCookies.add(c.asText()));
                if (headers.containsKey("set-cookie")) {
                    throw new AssertionError("an HTTP API answer must carry cookies in 'cookies', not in a joined header");
                }
            } else {
                answer.path("multiValueHeaders").properties().forEach(h -> {
                    List<String> values = new ArrayList<>();
                    h.getValue().forEach(v -> values.add(v.asText()));
                    if (h.getKey().equalsIgnoreCase("Set-Cookie")) {
                        setCookies.addAll(values);
                    } else {
                        headers.put(h.getKey().toLowerCase(Locale.ROOT), values);
                    }
                });
            }
            String body = answer.path("body").isNull() ? null : answer.path("body").asText(null);
            if (body != null && answer.path("isBase64Encoded").asBoolean(false)) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            for (String setCookie : setCookies) {
                store(setCookie);
            }
            return new Answer(answer.path("statusCode").asInt(), headers, setCookies, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void store(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    private ObjectNode fixture() {
        try (InputStream in = ApiGatewayClient.class.getResourceAsStream("events/" + payload.fixture)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, List<String>> decodeQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /** Decodes as API Gateway does: a value that is not valid percent-encoding stays as it came, the raw query too. */
    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }
}
