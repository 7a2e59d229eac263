package dev.portcullis.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.OutgoingToken;
import dev.portcullis.helidon.OutgoingTokenFilter;
import dev.portcullis.lambda.LambdaHandler;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * The cost of an outgoing MicroProfile REST client call's token, with the outgoing client's {@code client_credentials}
 * token already held: {@code OutgoingCall <count> <warm-up> <downstream-port>}.
 * <p>
 * Boots the service's Lambda handler (Helidon MP, CDI, the relying party from the loopback provider's {@code AUTH_*}
 * settings), with one outgoing client, {@code auth.clients.bench}, of the Cognito user pool (its token endpoint is the
 * loopback provider's); starts a downstream API on {@code 127.0.0.1:<downstream-port>} (the JDK's HTTP server, a fixed
 * 40-byte JSON answer); then makes, alternating, {@code count} calls through a REST client interface with
 * {@code @OutgoingToken(client = "bench")} and {@link OutgoingTokenFilter}, {@code count} through an interface without
 * them whose client has a filter that puts the same {@code Authorization} header, a constant (the same bytes on the
 * wire and the same filter stage, without Portcullis), and {@code count} with neither, in turn, each timed from the interface call to its return. Prints p50, p90, p99 and mean of each in
 * microseconds, and the filter alone ({@link OutgoingTokenFilter#filter} on a stand-in request context, as the REST
 * client calls it: the {@code @OutgoingToken} look-up, the relying party, the held token, the header) in
 * nanoseconds per call, and the {@code Authorization} header's size. Exits 1 when an answer is not the downstream's, a
 * call with the token reached it without it, one without with any, or more than one token was sent (the held token was
 * asked for again).
 */
public final class OutgoingCall {

    /** The outgoing client's name. */
    static final String CLIENT = "bench";

    /** The downstream API, called with the outgoing client's token. */
    @Path("/stock")
    @OutgoingToken(client = CLIENT)
    @RegisterProvider(OutgoingTokenFilter.class)
    public interface WithToken {
        /** @return the downstream's answer */
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        String stock();
    }

    /** Puts a fixed {@code Authorization} header on a call: the same bytes and filter stage, without Portcullis. */
    public static final class FixedHeaderFilter implements ClientRequestFilter {
        private final String header;

        FixedHeaderFilter(String header) {
            this.header = header;
        }

        @Override
        public void filter(ClientRequestContext request) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, header);
        }
    }

    /** The same downstream API, called without a token. */
    @Path("/stock")
    public interface WithoutToken {
        /** @return the downstream's answer */
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        String stock();
    }

    private static final String ANSWER = "{\"sku\":\"bench-0001\",\"available\":42}\n";

    private OutgoingCall() {
    }

    /**
     * Runs the measurement.
     *
     * @param args count, warm-up, downstream port
     * @throws Exception when the handler fails
     */
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            // the container's and the downstream's threads would keep the JVM running
            e.printStackTrace();
            fail(e.toString());
        }
    }

    private static void run(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int warmUp = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[2]);
        // the outgoing client, as an application configures it (system properties win over the environment)
        System.setProperty("auth.clients." + CLIENT + ".client-id", "bench-m2m-client");
        System.setProperty("auth.clients." + CLIENT + ".client-secret", "bench-m2m-secret");
        System.setProperty("auth.clients." + CLIENT + ".provider", "cognito");
        System.setProperty("auth.clients." + CLIENT + ".scopes", "bench-api/stock.read");

        new LambdaHandler();
        Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
        AtomicInteger withoutHeader = new AtomicInteger();
        HttpServer downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        downstream.createContext("/stock", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null) {
                withoutHeader.incrementAndGet();
            } else {
                tokensSeen.add(authorization);
            }
            byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        downstream.setExecutor(Executors.newSingleThreadExecutor());
        downstream.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        WithToken withToken = RestClientBuilder.newBuilder().baseUri(base).build(WithToken.class);
        WithoutToken withoutToken = RestClientBuilder.newBuilder().baseUri(base).build(WithoutToken.class);
        expect(withToken.stock());
        String header = "Bearer " + CDI.current().select(OidcRelyingParty.class).get().outgoingClientToken(CLIENT, Optional.empty());
        WithoutToken withHeader = RestClientBuilder.newBuilder().baseUri(base).register(new FixedHeaderFilter(header)).build(WithoutToken.class);
        for (int i = 0; i < warmUp; i++) {
            expect(withToken.stock());
            expect(withHeader.stock());
            expect(withoutToken.stock());
        }
        check(tokensSeen, withoutHeader, warmUp);
        long[] with = new long[count];
        long[] fixed = new long[count];
        long[] without = new long[count];
        for (int i = 0; i < count; i++) {
            // the three in turn, each first as often as the others
            for (int k = 0; k < 3; k++) {
                int which = (i + k) % 3;
                long start = System.nanoTime();
                switch (which) {
                    case 0 -> expect(withToken.stock());
                    case 1 -> expect(withHeader.stock());
                    default -> expect(withoutToken.stock());
                }
                long took = System.nanoTime() - start;
                (which == 0 ? with : which == 1 ? fixed : without)[i] = took;
            }
        }
        check(tokensSeen, withoutHeader, warmUp + count);
        downstream.stop(0);

        double filterNanos = filterAlone(Math.max(count, 10_000) * 10);
        String tokenHeader = tokensSeen.iterator().next();
        System.out.println("RESULT kind=with_token " + WarmLatency.summary(with));
        System.out.println("RESULT kind=fixed_header " + WarmLatency.summary(fixed));
        System.out.println("RESULT kind=without_token " + WarmLatency.summary(without));
        System.out.println(String.format(Locale.ROOT, "RESULT kind=filter ns_per_call=%.0f header_bytes=%d", filterNanos,
                "Authorization: ".length() + tokenHeader.length()));
        System.exit(0);
    }

    /**
     * The filter alone, as the REST client calls it for a method of {@link WithToken}: mean nanoseconds per call over
     * the second half of {@code calls} (the first half warms it up).
     */
    private static double filterAlone(int calls) throws NoSuchMethodException {
        OutgoingTokenFilter filter = new OutgoingTokenFilter();
        Method invoked = WithToken.class.getMethod("stock");
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        ClientRequestContext request = (ClientRequestContext) Proxy.newProxyInstance(OutgoingCall.class.getClassLoader(),
                new Class<?>[] {ClientRequestContext.class}, (proxy, method, methodArgs) -> switch (method.getName()) {
                    case "getHeaders" -> headers;
                    case "getProperty" -> "org.eclipse.microprofile.rest.client.invokedMethod".equals(methodArgs[0]) ? invoked : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        long start = 0;
        for (int i = 0; i < calls; i++) {
            if (i == calls / 2) {
                start = System.nanoTime();
            }
            headers.clear();
            filter.filter(request);
        }
        long took = System.nanoTime() - start;
        String header = (String) headers.getFirst(HttpHeaders.AUTHORIZATION);
        String held = CDI.current().select(OidcRelyingParty.class).get().outgoingClientToken(CLIENT, Optional.empty());
        if (!("Bearer " + held).equals(header)) {
            fail("the filter alone did not set the held token");
        }
        return (double) took / (calls - calls / 2);
    }

    private static void check(Set<String> tokensSeen, AtomicInteger withoutHeader, int calls) {
        if (tokensSeen.size() != 1) {
            fail("the calls with the filter carried " + tokensSeen.size() + " different tokens (one expected: the held one)");
        }
        if (withoutHeader.get() != calls) {
            fail(withoutHeader.get() + " calls reached the downstream without a token, " + calls + " expected");
        }
    }

    private static void expect(String answer) {
        if (!ANSWER.equals(answer)) {
            fail("unexpected answer: " + answer);
        }
    }

    private static void fail(String why) {
        System.out.println("RESULT error=" + why.replace(' ', '_'));
        System.exit(1);
    }
}
