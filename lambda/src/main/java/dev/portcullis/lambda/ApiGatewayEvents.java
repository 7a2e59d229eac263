package dev.portcullis.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * </ul>
 */
final class ApiGatewayEvents {

    /** An event of either payload version. */
    sealed interface Event permits RestEvent, HttpApiEvent {
    }

    /** API Gateway REST API, or HTTP API with payload format 1.0. */
    record RestEvent(AwsProxyRequest request) implements Event {
    }

    /** API Gateway HTTP API with payload format 2.0. */
    record HttpApiEvent(HttpApiV2ProxyRequest request) implements Event {
    }

    private final ObjectMapper mapper = LambdaContainerHandler.getObjectMapper();

    Event read(InputStream input) throws IOException {
        JsonNode json = mapper.readTree(input);
        if (json instanceof ObjectNode event && "2.0".equals(event.path("version").asText())) {
            HttpApiV2ProxyRequest request = mapper.treeToValue(event, HttpApiV2ProxyRequest.class);
            return new HttpApiEvent(withCookieHeaderAndWithoutStage(request));
        }
        return new RestEvent(mapper.treeToValue(json, AwsProxyRequest.class));
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
