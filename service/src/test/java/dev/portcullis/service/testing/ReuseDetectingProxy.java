package dev.portcullis.service.testing;

import dev.portcullis.testing.EmbeddedProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A reverse proxy on loopback in front of an {@link EmbeddedProvider} (which must not rotate refresh tokens itself)
 * that adds what Auth0, Okta and others do and mock-oauth2-server does not: <b>refresh token rotation with reuse
 * detection</b>. Every other request passes through unchanged, with {@code X-Forwarded-Port} so the provider names
 * the proxy in its discovery document, its tokens' {@code iss} and its redirects: point a service at
 * {@link #issuer(String)} and everything it asks the provider goes through here.
 * <ul>
 *   <li>A code exchange starts a token family: the provider's refresh token is kept here and the client gets one of
 *   this proxy's instead.</li>
 *   <li>Each refresh token may be exchanged once; the answer carries a new one of the same family.</li>
 *   <li>A refresh token presented again within the {@linkplain #overlapPeriod(Duration) overlap period} after its
 *   first exchange is exchanged again (Auth0's rotation overlap period, or reuse interval; Okta's grace period).
 *   Later, it is a reuse: the whole family is revoked and the answer is {@code invalid_grant}.</li>
 *   <li>A token of a revoked family (reused, or revoked at {@code /revoke}) gets {@code invalid_grant}.</li>
 * </ul>
 * Shaped as Amazon Cognito instead ({@link #revokeFamilyOnReuse(boolean) revokeFamilyOnReuse(false)}): a rotated-out
 * refresh token presented after the overlap period (Cognito's grace period, {@code RetryGracePeriodSeconds}, 0 to 60
 * seconds) is refused with {@code invalid_grant} and nothing else happens, as Cognito documents no reuse detection;
 * and with rotation off ({@link #rotating(boolean) rotating(false)}, Cognito's default), a refresh answers new ID and
 * access tokens without a refresh token, the one presented staying valid.
 * Hand-written on the JDK's HTTP server (as {@link LambdaRuntimeEmulator} is) because it rewrites form bodies of
 * proxied requests, which WireMock's proxying cannot.
 */
public final class ReuseDetectingProxy implements AutoCloseable {

    /** What the proxy did with a token request or revocation that named a refresh token. */
    public enum Outcome {
        /** A code exchange: a new family and its first refresh token. */
        ISSUED,
        /** A refresh token exchanged for the first time: a new one issued. */
        ROTATED,
        /** A used refresh token presented again within the overlap period: a new one issued, no breach. */
        REUSED_WITHIN_OVERLAP,
        /** A used refresh token presented again after the overlap period: its family revoked, {@code invalid_grant}. */
        REUSE_DETECTED,
        /**
         * A used refresh token presented again after the overlap period at a provider without reuse detection (Cognito
         * after its grace period): {@code invalid_grant}, its family untouched.
         */
        REFUSED_ROTATED_OUT,
        /** Rotation off (Cognito's default): new ID and access tokens, no refresh token; the one presented stays valid. */
        REFRESHED_WITHOUT_ROTATION,
        /** A refresh token of a revoked family: {@code invalid_grant}. */
        REFUSED_REVOKED,
        /** {@code /revoke}: the token's family revoked. */
        REVOKED,
        /** A refresh token this proxy never issued: passed through for the provider to refuse. */
        UNKNOWN
    }

    /**
     * One thing the proxy did.
     *
     * @param refreshToken the refresh token presented (for {@link Outcome#ISSUED}: the one issued)
     * @param outcome      what happened
     */
    public record Exchange(String refreshToken, Outcome outcome) {
    }

    /** A refresh token of this proxy: its family, and when it was first exchanged. */
    private static final class Token {
        private final Family family;
        private Instant firstExchanged;

        Token(Family family) {
            this.family = family;
        }
    }

    /** Tokens from one sign-in: they share the provider's refresh token and are revoked together. */
    private static final class Family {
        private final String upstreamRefreshToken;
        private boolean revoked;

        Family(String upstreamRefreshToken) {
            this.upstreamRefreshToken = upstreamRefreshToken;
        }
    }

    /** Request headers the JDK client sets itself, or which describe one hop only. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "http2-settings");

    /** The provider's origin; null until {@link #forwardTo} names it. */
    private volatile URI upstream;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Map<String, Token> tokens = new HashMap<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<String> tokenValues = new CopyOnWriteArrayList<>();
    private volatile Duration overlapPeriod = Duration.ZERO;
    private volatile boolean revokeFamilyOnReuse = true;
    private volatile boolean rotating = true;

    private ReuseDetectingProxy() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
    }

    /**
     * Starts a proxy that forwards nothing yet: it listens, so its {@link #issuer(String)} can be configured before the
     * provider behind it starts. Until {@link #forwardTo} it answers every request with 502.
     *
     * @return the running proxy, with no overlap period
     */
    public static ReuseDetectingProxy start() {
        try {
            ReuseDetectingProxy proxy = new ReuseDetectingProxy();
            proxy.server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Forwards to a provider from now on.
     *
     * @param provider the provider; started without refresh token rotation
     * @return the provider
     */
    public EmbeddedProvider forwardTo(EmbeddedProvider provider) {
        this.upstream = provider.base();
        return provider;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * A tenant's issuer as seen through the proxy.
     *
     * @param tenant the tenant path, for example {@code oidc}
     * @return the issuer
     */
    public URI issuer(String tenant) {
        return URI.create(base() + "/" + tenant);
    }

    /**
     * How long after its first exchange a refresh token may be exchanged again without counting as a reuse.
     *
     * @param period the overlap period; zero for strict reuse detection
     */
    public void overlapPeriod(Duration period) {
        this.overlapPeriod = period;
    }

    /**
     * What a rotated-out refresh token presented after the overlap period does: revoke its whole family (reuse detection,
     * as Auth0 and Okta; the default), or only get {@code invalid_grant} itself (Cognito).
     *
     * @param revoke whether reuse revokes the family
     */
    public void revokeFamilyOnReuse(boolean revoke) {
        this.revokeFamilyOnReuse = revoke;
    }

    /**
     * Whether a refresh rotates the refresh token (the default), or answers without one and leaves the one presented
     * valid, as Cognito does unless its app client enables refresh token rotation.
     *
     * @param rotating whether refreshes rotate
     */
    public void rotating(boolean rotating) {
        this.rotating = rotating;
    }

    /** @return what the proxy did, oldest first */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** @return the outcomes of {@link #exchanges()}, oldest first */
    public List<Outcome> outcomes() {
        return exchanges.stream().map(Exchange::outcome).toList();
    }

    /** Forgets the recorded exchanges (not the token families). */
    public void clearExchanges() {
        exchanges.clear();
    }

    /** @return every token value that passed through the proxy's token endpoint, its own and the provider's */
    public List<String> tokenValues() {
        return List.copyOf(tokenValues);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            boolean post = exchange.getRequestMethod().equals("POST");
            Answer answer;
            if (post && path.endsWith("/token")) {
                answer = token(exchange, body);
            } else if (post && path.endsWith("/revoke")) {
                answer = revoke(exchange, body);
            } else {
                answer = forward(exchange, body);
            }
            answer.headers.forEach((name, values) -> values.forEach(value -> exchange.getResponseHeaders().add(name, value)));
            exchange.sendResponseHeaders(answer.status, answer.body.length == 0 ? -1 : answer.body.length);
            if (answer.body.length > 0) {
                exchange.getResponseBody().write(answer.body);
            }
        }
    }

    private Answer token(HttpExchange exchange, byte[] body) throws IOException {
        Map<String, List<String>> form = URLUtils.parseParameters(new String(body, StandardCharsets.UTF_8));
        String grantType = first(form, "grant_type");
        if ("authorization_code".equals(grantType)) {
            Answer answer = forward(exchange, body);
            return answer.status == 200 ? withOwnRefreshToken(answer, null) : answer;
        }
        String presented = first(form, "refresh_token");
        if (!"refresh_token".equals(grantType) || presented == null) {
            return forward(exchange, body);
        }
        Family family;
        boolean rotate = rotating;
        synchronized (this) {
            Token token = tokens.get(presented);
            if (token == null) {
                exchanges.add(new Exchange(presented, Outcome.UNKNOWN));
                family = null;
            } else if (token.family.revoked) {
                exchanges.add(new Exchange(presented, Outcome.REFUSED_REVOKED));
                return invalidGrant("refresh token revoked");
            } else if (!rotate) {
                exchanges.add(new Exchange(presented, Outcome.REFRESHED_WITHOUT_ROTATION));
                family = token.family;
            } else if (token.firstExchanged == null) {
                token.firstExchanged = Instant.now();
                exchanges.add(new Exchange(presented, Outcome.ROTATED));
                family = token.family;
            } else if (!Instant.now().isAfter(token.firstExchanged.plus(overlapPeriod))) {
                exchanges.add(new Exchange(presented, Outcome.REUSED_WITHIN_OVERLAP));
                family = token.family;
            } else if (!revokeFamilyOnReuse) {
                exchanges.add(new Exchange(presented, Outcome.REFUSED_ROTATED_OUT));
                return invalidGrant("refresh token rotated out");
            } else {
                token.family.revoked = true;
                exchanges.add(new Exchange(presented, Outcome.REUSE_DETECTED));
                return invalidGrant("refresh token reused");
            }
        }
        if (family == null) {
            return forward(exchange, body);
        }
        Map<String, List<String>> upstreamForm = new LinkedHashMap<>(form);
        upstreamForm.put("refresh_token", List.of(family.upstreamRefreshToken));
        Answer answer = forward(exchange, URLUtils.serializeParameters(upstreamForm).getBytes(StandardCharsets.UTF_8));
        if (answer.status != 200) {
            return answer;
        }
        return rotate ? withOwnRefreshToken(answer, family) : withoutRefreshToken(answer);
    }

    private Answer revoke(HttpExchange exchange, byte[] body) throws IOException {
        Map<String, List<String>> form = URLUtils.parseParameters(new String(body, StandardCharsets.UTF_8));
        String presented = first(form, "token");
        Token token;
        synchronized (this) {
            token = presented == null ? null : tokens.get(presented);
            if (token != null) {
                token.family.revoked = true;
                exchanges.add(new Exchange(presented, Outcome.REVOKED));
            }
        }
        if (token == null) {
            return forward(exchange, body);
        }
        Map<String, List<String>> upstreamForm = new LinkedHashMap<>(form);
        upstreamForm.put("token", List.of(token.family.upstreamRefreshToken));
        return forward(exchange, URLUtils.serializeParameters(upstreamForm).getBytes(StandardCharsets.UTF_8));
    }

    /** Drops the refresh token from a refresh answer, as Cognito answers a refresh without rotation. */
    private Answer withoutRefreshToken(Answer answer) {
        Map<String, Object> json = parsed(answer);
        for (String name : List.of("access_token", "id_token", "refresh_token")) {
            if (json.get(name) instanceof String value) {
                tokenValues.add(value);
            }
        }
        json.remove("refresh_token");
        return new Answer(answer.status, answer.headers, JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> parsed(Answer answer) {
        try {
            return new LinkedHashMap<>(JSONObjectUtils.parse(new String(answer.body, StandardCharsets.UTF_8)));
        } catch (ParseException e) {
            throw new IllegalStateException("the provider's token answer is not JSON", e);
        }
    }

    /** Replaces the provider's refresh token in a token answer with a new one of this proxy, in the given family or a new one. */
    private Answer withOwnRefreshToken(Answer answer, Family family) {
        Map<String, Object> json = parsed(answer);
        for (String name : List.of("access_token", "id_token", "refresh_token")) {
            if (json.get(name) instanceof String value) {
                tokenValues.add(value);
            }
        }
        Object upstreamRefreshToken = json.get("refresh_token");
        String issued = "rt-" + UUID.randomUUID();
        synchronized (this) {
            Family owner = family;
            if (owner == null) {
                if (!(upstreamRefreshToken instanceof String value)) {
                    return answer;
                }
                owner = new Family(value);
                exchanges.add(new Exchange(issued, Outcome.ISSUED));
            }
            tokens.put(issued, new Token(owner));
        }
        tokenValues.add(issued);
        json.put("refresh_token", issued);
        return new Answer(answer.status, answer.headers, JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
    }

    private Answer forward(HttpExchange exchange, byte[] body) throws IOException {
        URI origin = upstream;
        if (origin == null) {
            return new Answer(502, Map.of(), "no provider behind the proxy yet".getBytes(StandardCharsets.UTF_8));
        }
        URI target = origin.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.toLowerCase(Locale.ROOT).startsWith("x-forwarded-")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        // mock-oauth2-server builds its own URLs from these: the issuer, the endpoints and redirects name the proxy
        request.header("X-Forwarded-Proto", "http").header("X-Forwarded-Port", String.valueOf(server.getAddress().getPort()));
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.startsWith(":") && !lower.equals("content-length") && !lower.equals("transfer-encoding")
                        && !lower.equals("connection")) {
                    headers.put(name, values);
                }
            });
            return new Answer(response.statusCode(), headers, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static Answer invalidGrant(String description) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Cache-Control", List.of("no-store"));
        String json = JSONObjectUtils.toJSONString(Map.of("error", "invalid_grant", "error_description", description));
        return new Answer(400, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** An HTTP answer to send back. */
    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        Answer {
            headers = new LinkedHashMap<>(headers);
        }
    }

    /** @return a description for failure messages */
    @Override
    public String toString() {
        return "ReuseDetectingProxy[" + base() + " -> " + upstream + ", overlap " + overlapPeriod + ", rotating " + rotating
                + ", revokes on reuse " + revokeFamilyOnReuse + ", " + new ArrayList<>(outcomes()) + "]";
    }
}
