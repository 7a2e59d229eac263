package dev.portcullis.service.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small AWS Lambda Runtime API on loopback, enough for the real runtime interface client to run a function:
 * {@code GET /2018-06-01/runtime/invocation/next} long-polls for the next event (with the headers the client
 * needs), {@code POST .../invocation/{id}/response} and {@code .../error} take the answer, and
 * {@code POST /2018-06-01/runtime/init/error} reports a failed init.
 */
public final class LambdaRuntimeEmulator implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** An event the function is to receive. */
    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final List<String> initErrors = new CopyOnWriteArrayList<>();

    private LambdaRuntimeEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PREFIX, this::route);
    }

    /**
     * Starts the emulator.
     *
     * @return the running emulator
     */
    public static LambdaRuntimeEmulator start() {
        try {
            LambdaRuntimeEmulator emulator = new LambdaRuntimeEmulator();
            emulator.server.start();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code host:port}, for {@code AWS_LAMBDA_RUNTIME_API} */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues an event for the function.
     *
     * @param event the event JSON
     * @return the function's answer, when it comes (an error answer completes it exceptionally)
     */
    public CompletableFuture<String> invoke(String event) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(requestId, answer);
        pending.add(new Invocation(requestId, event));
        return answer;
    }

    /** @return what the function reported as init errors */
    public List<String> initErrors() {
        return List.copyOf(initErrors);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try (exchange) {
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                Invocation invocation = pending.poll(10, TimeUnit.MINUTES);
                if (invocation == null) {
                    send(exchange, 500, "no invocation");
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 30_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:eu-west-1:123456789012:function:portcullis:live");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                send(exchange, 200, invocation.event());
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                String requestId = path.substring("invocation/".length(), path.length() - "/response".length());
                answers.get(requestId).complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(exchange, 202, "");
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                String requestId = path.substring("invocation/".length(), path.length() - "/error".length());
                String error = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                answers.get(requestId).completeExceptionally(new IllegalStateException("function error: " + error));
                send(exchange, 202, "");
            } else if (path.equals("init/error")) {
                initErrors.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                answers.values().forEach(answer -> answer.completeExceptionally(new IllegalStateException("init error: " + initErrors)));
                send(exchange, 202, "");
            } else {
                send(exchange, 404, "unknown runtime API path " + path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
