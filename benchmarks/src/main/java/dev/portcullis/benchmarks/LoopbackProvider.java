package dev.portcullis.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenID provider on loopback for the benchmarks, shaped as an Auth0 tenant ({@code /auth0/}, with Auth0's
 * trailing-slash issuer) and a Cognito user pool ({@code /us-east-1_BenchPool}, managed-login domain
 * {@code /cognito}): their discovery documents and JWKS (one RSA-2048 key each, generated at start), served by the
 * JDK's HTTP server. It mints access tokens shaped like each provider's, signed with those keys. Its token endpoints
 * answer the {@code client_credentials} grant only (for an outgoing client's token, {@link OutgoingCall}), with a
 * machine-to-machine access token shaped as each provider issues it; it has no login or logout endpoint: the other
 * benchmarks present bearer tokens only.
 * <p>
 * As a program ({@code main}) it writes the service's {@code AUTH_*} environment and the tokens to a file, then
 * serves until it is killed.
 */
public final class LoopbackProvider implements AutoCloseable {

    /** The client id of both tenants. */
    public static final String CLIENT_ID = "4f1c2a7b9d3e5f60718293a4b5c6d7e8";
    /** The API identifier of the Auth0 tenant: the {@code aud} of its access tokens. */
    public static final String API_AUDIENCE = "https://api.portcullis.bench";
    /** Auth0's namespaced roles claim, as an Action adds it. */
    public static final String AUTH0_ROLES_CLAIM = "https://portcullis.bench/roles";
    /** The Cognito user pool id. */
    public static final String COGNITO_POOL = "us-east-1_BenchPool";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final RSAKey auth0Key;
    private final RSAKey cognitoKey;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final String sessionSecret = Base64.getEncoder().encodeToString(randomBytes(32));
    private final URI base;

    private LoopbackProvider(int port) throws IOException {
        this.auth0Key = rsaKey();
        this.cognitoKey = rsaKey();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        server.createContext("/", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "loopback-provider");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /**
     * Starts the provider on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @return the running provider
     * @throws IOException when the port cannot be bound
     */
    public static LoopbackProvider start(int port) throws IOException {
        return new LoopbackProvider(port);
    }

    /**
     * Runs the provider until it is killed: {@code LoopbackProvider <env-file> [port]}. The file gets the service's
     * {@code AUTH_*} settings (without {@code AUTH_BASE_URL}) and {@code BENCH_AUTH0_TOKEN}, {@code BENCH_COGNITO_TOKEN}
     * (valid for two hours), as shell assignments; it appears whole once the provider serves.
     *
     * @param args the file, and optionally the port
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        LoopbackProvider provider = start(args.length > 1 ? Integer.parseInt(args[1]) : 0);
        Instant exp = Instant.now().plus(Duration.ofHours(2));
        StringBuilder env = new StringBuilder();
        provider.environment().forEach((key, value) -> env.append(key).append("='").append(value).append("'\n"));
        env.append("BENCH_AUTH0_TOKEN='").append(provider.auth0AccessToken(exp)).append("'\n");
        env.append("BENCH_COGNITO_TOKEN='").append(provider.cognitoAccessToken(exp)).append("'\n");
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, env);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("loopback provider at " + provider.base());
        Thread.currentThread().join();
    }

    /**
     * The provider's address.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI base() {
        return base;
    }

    /**
     * The Auth0 tenant's public signing key, as its JWKS publishes it.
     *
     * @return the key
     */
    public RSAKey auth0PublicKey() {
        return auth0Key.toPublicJWK();
    }

    /**
     * The Cognito user pool's public signing key, as its JWKS publishes it.
     *
     * @return the key
     */
    public RSAKey cognitoPublicKey() {
        return cognitoKey.toPublicJWK();
    }

    /**
     * How many requests the provider has answered.
     *
     * @return the count
     */
    public int requests() {
        return requests.get();
    }

    /**
     * How many {@code client_credentials} tokens the token endpoints have issued.
     *
     * @return the count
     */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /**
     * The configuration that points the service at both tenants, as MicroProfile Config keys; Cognito is the default
     * provider. {@code auth.base-url} is left to the caller.
     *
     * @return the settings
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("auth.provider", "cognito");
        settings.put("auth.providers", "cognito,auth0");
        settings.put("auth.session.secret", sessionSecret);
        settings.put("auth.cognito.domain", base + "/cognito");
        settings.put("auth.cognito.issuer", cognitoIssuer());
        settings.put("auth.cognito.client-id", CLIENT_ID);
        settings.put("auth.cognito.client-secret", "bench-cognito-client-secret");
        settings.put("auth.auth0.domain", base + "/auth0");
        settings.put("auth.auth0.audience", API_AUDIENCE);
        settings.put("auth.auth0.groups-claim", AUTH0_ROLES_CLAIM);
        settings.put("auth.auth0.client-id", CLIENT_ID);
        settings.put("auth.auth0.client-secret", "bench-auth0-client-secret");
        return settings;
    }

    /**
     * {@link #settings()} as environment variables, by MicroProfile Config's rule.
     *
     * @return the variables
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        settings().forEach((key, value) -> env.put(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT), value));
        return env;
    }

    /**
     * An access token like Auth0 issues for an API: {@code typ: JWT}, the tenant's {@code kid}, audience the API and
     * {@code /userinfo}, {@code azp}, scopes, RBAC {@code permissions} and a namespaced roles claim.
     *
     * @param exp when it expires
     * @return the token
     */
    public String auth0AccessToken(Instant exp) {
        Instant iat = Instant.now().minusSeconds(5);
        String domain = base + "/auth0/";
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim(AUTH0_ROLES_CLAIM, List.of("admin", "reader"))
                .issuer(domain)
                .subject("auth0|" + hex(12))
                .audience(List.of(API_AUDIENCE, domain + "userinfo"))
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(exp))
                .claim("scope", "openid profile email offline_access")
                .claim("azp", CLIENT_ID)
                .claim("permissions", List.of("read:orders", "write:orders"))
                .build();
        return sign(auth0Key, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(auth0Key.getKeyID()).build(), claims);
    }

    /**
     * An access token like a Cognito user pool issues: no {@code typ}, no {@code aud}, {@code client_id},
     * {@code token_use: access}, {@code cognito:groups}, {@code version: 2}, {@code origin_jti}, {@code event_id},
     * {@code jti} and {@code username}.
     *
     * @param exp when it expires
     * @return the token
     */
    public String cognitoAccessToken(Instant exp) {
        Instant iat = Instant.now().minusSeconds(5);
        String user = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .claim("cognito:groups", List.of("admin"))
                .issuer(cognitoIssuer())
                .claim("version", 2)
                .claim("client_id", CLIENT_ID)
                .claim("origin_jti", UUID.randomUUID().toString())
                .claim("event_id", UUID.randomUUID().toString())
                .claim("token_use", "access")
                .claim("scope", "openid profile email")
                .claim("auth_time", iat.getEpochSecond())
                .expirationTime(Date.from(exp))
                .issueTime(Date.from(iat))
                .jwtID(UUID.randomUUID().toString())
                .claim("username", user)
                .build();
        return sign(cognitoKey, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(cognitoKey.getKeyID()).build(), claims);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private String cognitoIssuer() {
        return base + "/" + COGNITO_POOL;
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/auth0/oauth/token") || path.equals("/cognito/oauth2/token")) {
            token(exchange, path.startsWith("/auth0/"));
            return;
        }
        String body = switch (path) {
            case "/auth0/.well-known/openid-configuration" -> discovery(base + "/auth0/", base + "/auth0/authorize",
                    base + "/auth0/oauth/token", base + "/auth0/.well-known/jwks.json", base + "/auth0/userinfo");
            case "/auth0/.well-known/jwks.json" -> new JWKSet(auth0Key.toPublicJWK()).toString();
            case "/" + COGNITO_POOL + "/.well-known/openid-configuration" -> discovery(cognitoIssuer(),
                    base + "/cognito/oauth2/authorize", base + "/cognito/oauth2/token",
                    cognitoIssuer() + "/.well-known/jwks.json", base + "/cognito/oauth2/userInfo");
            case "/" + COGNITO_POOL + "/.well-known/jwks.json" -> new JWKSet(cognitoKey.toPublicJWK()).toString();
            default -> null;
        };
        byte[] bytes = (body == null ? "{\"error\":\"not_found\"}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * A token endpoint that answers the {@code client_credentials} grant of any client that authenticates with a secret
     * ({@code client_secret_basic} or {@code client_secret_post}): an access token for an hour, shaped as Auth0 issues
     * one to a machine-to-machine application ({@code sub} the client id with {@code @clients}, {@code aud} the API
     * asked for, {@code gty}) or a Cognito user pool to an app client ({@code sub} and {@code client_id} the client id,
     * {@code token_use: access}, the scopes asked for, no {@code aud}).
     */
    private void token(HttpExchange exchange, boolean auth0) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        String answer;
        int status;
        if (!"client_credentials".equals(form.get("grant_type"))) {
            status = 400;
            answer = "{\"error\":\"unsupported_grant_type\"}";
        } else if (clientId == null || secret == null || secret.isEmpty()) {
            status = 401;
            answer = "{\"error\":\"invalid_client\"}";
        } else {
            tokenRequests.incrementAndGet();
            Instant iat = Instant.now();
            Date exp = Date.from(iat.plus(Duration.ofHours(1)));
            String scope = form.getOrDefault("scope", auth0 ? "read:stock" : null);
            String accessToken;
            if (auth0) {
                String domain = base + "/auth0/";
                JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(domain).subject(clientId + "@clients")
                        .audience(form.getOrDefault("audience", API_AUDIENCE)).issueTime(Date.from(iat)).expirationTime(exp)
                        .claim("scope", scope).claim("gty", "client-credentials").claim("azp", clientId).build();
                accessToken = sign(auth0Key, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(auth0Key.getKeyID()).build(), claims);
            } else {
                JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(clientId).claim("token_use", "access").claim("scope", scope)
                        .claim("auth_time", iat.getEpochSecond()).issuer(cognitoIssuer()).expirationTime(exp).issueTime(Date.from(iat))
                        .claim("version", 2).jwtID(UUID.randomUUID().toString()).claim("client_id", clientId).build();
                accessToken = sign(cognitoKey, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(cognitoKey.getKeyID()).build(), claims);
            }
            status = 200;
            answer = "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String discovery(String issuer, String authorize, String token, String jwks, String userinfo) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", authorize);
        document.put("token_endpoint", token);
        document.put("jwks_uri", jwks);
        document.put("userinfo_endpoint", userinfo);
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("scopes_supported", List.of("openid", "profile", "email"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        return JSONObjectUtils.toJSONString(document);
    }

    private static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            // a kid like a provider's: opaque, base64url
            return new RSAKeyGenerator(2048).keyID(Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32))).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(int bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : randomBytes(bytes)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
