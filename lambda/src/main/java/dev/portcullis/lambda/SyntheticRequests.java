package dev.portcullis.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.portcullis.auth.AuthConfigurationException;

import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.config.Config;

/**
 * Requests that run the whole handler before a SnapStart snapshot, so that a restored instance answers its first
 * request warm: {@code GET} of each path of {@code auth.lambda.prime-paths} (default: Portcullis' own
 * {@code /auth/login}), as HTTP API (payload 2.0) events without credentials, accepting JSON. An application adds its own
 * guarded paths there ({@code /auth/login,/orders}) to warm its resources and the guard's refusal.
 */
final class SyntheticRequests {

    private final List<String> paths;

    private SyntheticRequests(List<String> paths) {
        this.paths = paths;
    }

    /**
     * The priming requests the configuration asks for.
     *
     * @param config   the configuration
     * @param basePath where the sign-in endpoints live
     * @return the requests
     * @throws AuthConfigurationException naming the key when a path does not start with {@code /}
     */
    static SyntheticRequests from(Config config, String basePath) {
        Optional<String[]> configured = config.getOptionalValue(LambdaHandler.PRIME_PATHS, String[].class);
        List<String> paths = configured.map(List::of).orElse(List.of(basePath + "/login"));
        for (String path : paths) {
            if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new AuthConfigurationException(LambdaHandler.PRIME_PATHS, "each path must start with / and hold no spaces or control characters");
            }
        }
        return new SyntheticRequests(List.copyOf(paths));
    }

    /** @return the paths requested, in order */
    List<String> paths() {
        return paths;
    }

    /**
     * Serves the requests.
     *
     * @param application the application
     * @return the status codes answered, in order
     */
    int[] serve(LambdaApplication application) {
        return paths.stream().mapToInt(path -> serve(application, path)).toArray();
    }

    private static int serve(LambdaApplication application, String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        ObjectNode event = JsonNodeFactory.instance.objectNode()
                .put("version", "2.0")
                .put("routeKey", "$default")
                .put("rawPath", path)
                .put("rawQueryString", query < 0 ? "" : pathAndQuery.substring(query + 1))
                .put("isBase64Encoded", false);
        event.putObject("headers")
                // as an API client asks: the sign-in start redirects to the default provider (PKCE, state, the login-state
                // cookie) rather than answering a page, and a guarded path gets the guard's refusal
                .put("accept", "application/json")
                .put("host", "priming.invalid")
                .put("user-agent", "portcullis-priming");
        ObjectNode context = event.putObject("requestContext")
                .put("accountId", "priming")
                .put("apiId", "priming")
                .put("domainName", "priming.invalid")
                .put("requestId", "priming")
                .put("routeKey", "$default")
                .put("stage", "$default")
                .put("time", "01/Jan/2026:00:00:00 +0000")
                .put("timeEpoch", 0);
        context.putObject("http")
                .put("method", "GET")
                .put("path", path)
                .put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1")
                .put("userAgent", "portcullis-priming");
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            byte[] bytes = LambdaContainerHandler.getObjectMapper().writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
            application.handle(new ByteArrayInputStream(bytes), answer, SyntheticContext.PRIMING);
            return LambdaContainerHandler.getObjectMapper().readTree(answer.toByteArray()).path("statusCode").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
