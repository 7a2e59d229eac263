package dev.portcullis.testing.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * {@link FuzzRequest}s as API Gateway events of the stage {@code prod} (REST API, payload 1.0, and HTTP API, payload
 * 2.0, built on the fixtures {@code dev/portcullis/testing/events}), malformed events, and the Lambda handler's
 * answers read as API Gateway reads them.
 */
public final class LambdaEvents {

    /** The stage of every event: paths are {@code /prod/...} in the request context. */
    public static final String STAGE = "prod";
    /** A body of 6 MB and one byte: Lambda's own limit of a synchronous invocation's payload, passed. */
    public static final int SIX_MB_AND_ONE = 6 * 1024 * 1024 + 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
     * An event that is not what API Gateway sends, and what was done to make it.
     *
     * @param description what is wrong with it, for the report
     * @param json        the event's bytes
     */
    public record MalformedEvent(String description, byte[] json) {
        @Override
        public String toString() {
            return description;
        }
    }

    private LambdaEvents() {
    }

    /**
     * The event API Gateway would send for a request: REST API events carry the query decoded (single and
     * multi-valued) and every header (single and multi-valued); HTTP API events carry the raw query, headers in lower
     * case with repeated values joined by commas, and the cookies in a {@code cookies} array. A body that is not
     * UTF-8 is base64, as API Gateway sends binary bodies.
     *
     * @param request the request
     * @param payload the payload format
     * @return the event
     */
    public static ObjectNode event(FuzzRequest request, Payload payload) {
        ObjectNode event = fixture(payload);
        Map<String, List<String>> query = decodeQuery(request.rawQuery());
        if (payload == Payload.HTTP_API_V2) {
            event.put("rawPath", "/" + STAGE + request.path());
            event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
            if (query.isEmpty()) {
                event.remove("queryStringParameters");
            } else {
                ObjectNode parameters = event.putObject("queryStringParameters");
                query.forEach((name, values) -> parameters.put(name, String.join(",", values)));
            }
            ObjectNode headers = (ObjectNode) event.get("headers");
            headers.remove("content-length");
            ArrayNode cookies = event.putArray("cookies");
            Map<String, List<String>> named = new LinkedHashMap<>();
            for (FuzzRequest.Header header : request.headers()) {
                if (header.name().equalsIgnoreCase("Cookie")) {
                    for (String cookie : header.value().split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                } else {
                    named.computeIfAbsent(header.name().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(header.value());
                }
            }
            named.forEach((name, values) -> headers.put(name, String.join(",", values)));
            ObjectNode http = (ObjectNode) event.get("requestContext").get("http");
            http.put("method", request.method());
            http.put("path", "/" + STAGE + request.path());
        } else {
            event.put("path", request.path());
            event.put("httpMethod", request.method());
            ((ObjectNode) event.get("requestContext")).put("httpMethod", request.method()).put("path", "/" + STAGE + request.path());
            ((ObjectNode) event.get("pathParameters")).put("proxy", request.path().substring(1));
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
            ObjectNode single = (ObjectNode) event.get("headers");
            ObjectNode multi = (ObjectNode) event.get("multiValueHeaders");
            Map<String, List<String>> named = new LinkedHashMap<>();
            request.headers().forEach(h -> named.computeIfAbsent(h.name(), n -> new ArrayList<>()).add(h.value()));
            named.forEach((name, values) -> {
                single.put(name, values.get(values.size() - 1));
                ArrayNode list = multi.putArray(name);
                values.forEach(list::add);
            });
        }
        byte[] body = request.body();
        if (body.length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else if (utf8(body)) {
            event.put("body", new String(body, StandardCharsets.UTF_8));
            event.put("isBase64Encoded", false);
        } else {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        }
        return event;
    }

    /**
     * Events that are not what API Gateway sends: not JSON, not an object, fields missing or of the wrong JSON type,
     * {@code isBase64Encoded} with a body that is not base64, a 6 MB body, null cookies, headers and parameters. A
     * finite list, each built on a {@code GET /api/me?a=1} of both payload formats: jqwik tries every one when the
     * property's tries are at least {@link #malformedEventCount()}.
     *
     * @return the events
     */
    public static Arbitrary<MalformedEvent> malformedEvents() {
        return Arbitraries.of(allMalformedEvents());
    }

    /** {@return how many malformed events {@link #malformedEvents()} holds} */
    public static int malformedEventCount() {
        return allMalformedEvents().size();
    }

    private static List<MalformedEvent> allMalformedEvents() {
        List<MalformedEvent> events = new ArrayList<>();
        for (String raw : List.of("", "garbage{", "null", "[]", "42", "\"event\"", "{}", "{\"version\":\"2.0\"}", "{\"httpMethod\":\"GET\"}",
                "{\"version\":\"2.0\",\"rawPath\":\"/api/me\"}")) {
            events.add(new MalformedEvent("the whole event is " + (raw.isEmpty() ? "empty" : raw), raw.getBytes(StandardCharsets.UTF_8)));
        }
        events.add(new MalformedEvent("the event is invalid UTF-8", new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}));
        List<JsonNode> wrongTypes = List.of(NODES.numberNode(42), NODES.textNode("s"), NODES.arrayNode(), NODES.objectNode(),
                NODES.booleanNode(true), NODES.nullNode());
        Map<Payload, List<String>> fields = Map.of(
                Payload.REST_V1, List.of("httpMethod", "path", "headers", "multiValueHeaders", "queryStringParameters",
                        "multiValueQueryStringParameters", "pathParameters", "body", "isBase64Encoded", "requestContext",
                        "requestContext.httpMethod", "requestContext.path", "requestContext.stage", "requestContext.identity"),
                Payload.HTTP_API_V2, List.of("version", "rawPath", "rawQueryString", "headers", "cookies", "queryStringParameters",
                        "body", "isBase64Encoded", "requestContext", "requestContext.http", "requestContext.http.method",
                        "requestContext.http.path", "requestContext.stage"));
        for (Payload payload : Payload.values()) {
            for (String field : fields.get(payload)) {
                events.add(malformed(payload, "without " + field, event -> remove(event, field)));
                for (JsonNode wrong : wrongTypes) {
                    events.add(malformed(payload, field + " is " + wrong, event -> set(event, field, wrong)));
                }
            }
            for (String body : List.of("this is not base64!", "%%%%", "====", "YQ", "a b c d")) {
                events.add(malformed(payload, "isBase64Encoded true and the body " + body, event -> {
                    set(event, "body", NODES.textNode(body));
                    set(event, "isBase64Encoded", NODES.booleanNode(true));
                }));
            }
            events.add(malformed(payload, "a POST with a body of 6 MB and one byte", event -> {
                set(event, payload == Payload.REST_V1 ? "httpMethod" : "requestContext.http.method", NODES.textNode("POST"));
                set(event, "body", NODES.textNode("a=" + "b".repeat(SIX_MB_AND_ONE - 2)));
            }));
            events.add(malformed(payload, "a POST with a base64 body that decodes to 6 MB and one byte", event -> {
                set(event, payload == Payload.REST_V1 ? "httpMethod" : "requestContext.http.method", NODES.textNode("POST"));
                set(event, "body", NODES.textNode(Base64.getEncoder().encodeToString(new byte[SIX_MB_AND_ONE])));
                set(event, "isBase64Encoded", NODES.booleanNode(true));
            }));
            events.add(malformed(payload, "headers with null values", event -> set(event, "headers",
                    NODES.objectNode().putNull("cookie").putNull("Cookie").putNull("authorization").putNull("Content-Type").putNull("accept"))));
            events.add(malformed(payload, "queryStringParameters with a null value", event -> set(event, "queryStringParameters",
                    NODES.objectNode().putNull("a").putNull("return_to"))));
            events.add(malformed(payload, "a method of no letters", event ->
                    set(event, payload == Payload.REST_V1 ? "httpMethod" : "requestContext.http.method", NODES.textNode(""))));
            events.add(malformed(payload, "a path without its leading slash", event ->
                    set(event, payload == Payload.REST_V1 ? "path" : "rawPath", NODES.textNode(payload == Payload.REST_V1 ? "api/me" : "prod/api/me"))));
            events.add(malformed(payload, "an empty path", event ->
                    set(event, payload == Payload.REST_V1 ? "path" : "rawPath", NODES.textNode(""))));
            events.add(malformed(payload, "an absolute URL as path", event ->
                    set(event, payload == Payload.REST_V1 ? "path" : "rawPath", NODES.textNode("http://evil.example/api/me"))));
            events.add(malformed(payload, "a path with spaces and a NUL", event ->
                    set(event, payload == Payload.REST_V1 ? "path" : "rawPath", NODES.textNode("/api/ m\u0000e"))));
        }
        events.add(malformed(Payload.REST_V1, "multiValueHeaders with null lists and null values", event -> set(event, "multiValueHeaders",
                NODES.objectNode().putNull("Cookie").set("Accept", NODES.arrayNode().addNull().add("application/json")))));
        events.add(malformed(Payload.REST_V1, "multiValueQueryStringParameters with null values", event -> set(event,
                "multiValueQueryStringParameters", NODES.objectNode().putNull("b").set("a", NODES.arrayNode().addNull()))));
        events.add(malformed(Payload.REST_V1, "version 2.0 on a REST event", event -> set(event, "version", NODES.textNode("2.0"))));
        events.add(malformed(Payload.HTTP_API_V2, "version 3.0", event -> set(event, "version", NODES.textNode("3.0"))));
        events.add(malformed(Payload.HTTP_API_V2, "a cookies array with nulls", event -> set(event, "cookies",
                NODES.arrayNode().addNull().add("a=b").addNull())));
        events.add(malformed(Payload.HTTP_API_V2, "a cookies array of numbers and objects", event -> set(event, "cookies",
                NODES.arrayNode().add(1).add(NODES.objectNode()))));
        events.add(malformed(Payload.HTTP_API_V2, "a cookies array of empty strings", event -> set(event, "cookies",
                NODES.arrayNode().add("").add(";").add("="))));
        events.add(malformed(Payload.HTTP_API_V2, "a stage that is the whole path", event -> set(event, "requestContext.stage",
                NODES.textNode("prod/api/me"))));
        return List.copyOf(events);
    }

    private static MalformedEvent malformed(Payload payload, String what, Consumer<ObjectNode> change) {
        ObjectNode event = event(new FuzzRequest("GET", "/api/me", "a=1", List.of(new FuzzRequest.Header("Accept", "application/json")),
                null), payload);
        change.accept(event);
        try {
            return new MalformedEvent(payload + " event: " + what, JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void remove(ObjectNode event, String dotted) {
        String[] names = dotted.split("\\.");
        JsonNode parent = event;
        for (int i = 0; i < names.length - 1; i++) {
            parent = parent.path(names[i]);
        }
        if (parent instanceof ObjectNode object) {
            object.remove(names[names.length - 1]);
        }
    }

    private static void set(ObjectNode event, String dotted, JsonNode value) {
        String[] names = dotted.split("\\.");
        ObjectNode parent = event;
        for (int i = 0; i < names.length - 1; i++) {
            parent = parent.get(names[i]) instanceof ObjectNode child ? child : parent.putObject(names[i]);
        }
        parent.set(names[names.length - 1], value);
    }

    /**
     * Invokes the Lambda handler with an event, as the Lambda runtime does, and reads its answer as API Gateway does.
     *
     * @param handler the handler
     * @param context the Lambda context
     * @param event   the event's bytes
     * @return the answer
     * @throws IOException    when the handler threw it: Lambda reports an invocation error, API Gateway answers 502
     * @throws AssertionError when the handler's output is not an answer API Gateway can read (it would answer 502)
     */
    public static FuzzAnswer invoke(RequestStreamHandler handler, Context context, byte[] event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, context);
        JsonNode answer;
        try {
            answer = JSON.readTree(output.toByteArray());
        } catch (IOException e) {
            throw new AssertionError("the handler's output is not JSON (API Gateway answers 502): "
                    + FuzzRequest.abbreviate(output.toString(StandardCharsets.UTF_8)), e);
        }
        if (answer == null || !answer.isObject() || !answer.path("statusCode").canConvertToInt()) {
            throw new AssertionError("the handler's output has no statusCode (API Gateway answers 502): "
                    + FuzzRequest.abbreviate(output.toString(StandardCharsets.UTF_8)));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        answer.path("headers").properties().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), new ArrayList<>(List.of(h.getValue().asText()))));
        answer.path("multiValueHeaders").properties().forEach(h -> {
            List<String> values = new ArrayList<>();
            h.getValue().forEach(v -> values.add(v.asText()));
            headers.put(h.getKey().toLowerCase(Locale.ROOT), values);
        });
        List<String> cookies = new ArrayList<>();
        answer.path("cookies").forEach(c -> cookies.add(c.asText()));
        if (!cookies.isEmpty()) {
            headers.computeIfAbsent("set-cookie", n -> new ArrayList<>()).addAll(cookies);
        }
        String body = answer.path("body").isTextual() ? answer.path("body").asText() : "";
        if (answer.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new FuzzAnswer(answer.path("statusCode").asInt(), headers, body);
    }

    /**
     * Invokes the Lambda handler with a request as an event.
     *
     * @param handler the handler
     * @param context the Lambda context
     * @param request the request
     * @param payload the payload format
     * @return the answer
     * @throws IOException when the handler threw it
     */
    public static FuzzAnswer invoke(RequestStreamHandler handler, Context context, FuzzRequest request, Payload payload) throws IOException {
        return invoke(handler, context, JSON.writeValueAsBytes(event(request, payload)));
    }

    private static ObjectNode fixture(Payload payload) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/dev/portcullis/testing/events/" + payload.fixture)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Decodes as API Gateway does, leaving a value that is not valid percent-encoding as it came. */
    private static Map<String, List<String>> decodeQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = lenient(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : lenient(pair.substring(eq + 1));
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String lenient(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }
}
