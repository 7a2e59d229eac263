package dev.portcullis.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A service the application under test calls, on loopback: it answers every request with {@code {"in_stock":3}} and
 * keeps the {@code Authorization} header each one came with, so a test of outgoing calls can say exactly which token
 * arrived.
 */
public final class RecordingService implements AutoCloseable {

    private final HttpServer server;
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    private RecordingService(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts one on a free port of the loopback address.
     *
     * @return the running service
     */
    public static RecordingService start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            RecordingService downstream = new RecordingService(server);
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                downstream.authorizations.add(authorization == null ? "(none)" : authorization);
                byte[] body = "{\"in_stock\":3}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return downstream;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return its base URL, {@code http://127.0.0.1:<port>}} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@return the Authorization header of each request so far, in order; {@code (none)} for a request without one} */
    public List<String> authorizations() {
        synchronized (authorizations) {
            return List.copyOf(authorizations);
        }
    }

    /**
     * The claims of a JWT that arrived, without checking it: the test asks what was sent, the downstream's own checks
     * are not the point here.
     *
     * @param jwt a JWS in compact form
     * @return its payload
     */
    public static JsonObject claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)))
                .readObject();
    }

    /** Forgets the requests so far. */
    public void forget() {
        authorizations.clear();
    }

    /** Stops it. */
    @Override
    public void close() {
        server.stop(0);
    }
}
