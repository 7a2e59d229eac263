package dev.portcullis.testing;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequestHandler;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * An OpenID provider that no one here wrote, embedded on loopback: navikt's mock-oauth2-server with an
 * interactive login form, serving three tenants shaped like the providers this service supports.
 * <ul>
 *   <li>{@code oidc}: a standard provider at {@code /oidc}.</li>
 *   <li>{@code auth0}: a tenant at {@code /auth0} whose issuer has Auth0's trailing slash, with Auth0's
 *   {@code /oauth/token} and {@code /oauth/revoke} paths, subjects like {@code auth0|alice}, an API audience and
 *   namespaced claims; with or without {@code end_session_endpoint}.</li>
 *   <li>{@code cognito}: a user pool {@code us-east-1_TestPool} whose managed-login domain is {@code /cognito},
 *   with {@code token_use}, {@code client_id} and no {@code aud} on access tokens, and {@code cognito:groups}.</li>
 * </ul>
 * Each tenant also has its provider's logout endpoint, which sends a browser back as the real one does.
 * The mock checks little on its own (it takes any redirect URI and no client authentication), so it records
 * every request for the tests to assert on. A test can make it misbehave as an attacker or a broken provider
 * would: {@link #rewriteNextIdToken} swaps the ID token of a real token response, {@link #rotateSigningKey} starts
 * signing with a new key.
 */
public final class EmbeddedProvider implements AutoCloseable {

    /** The client id configured for every tenant. */
    public static final String CLIENT_ID = "portcullis-test-client";
    /** The client secret configured for every tenant (a test value, never a real secret). */
    public static final String CLIENT_SECRET = "test-client-secret-0123456789";
    /** The API audience of the Auth0 and generic tenants. */
    public static final String API_AUDIENCE = "https://api.portcullis.test";
    /** The namespaced roles claim of the Auth0 tenant. */
    public static final String AUTH0_ROLES_CLAIM = "https://portcullis.test/roles";
    /** The Cognito user pool id. */
    public static final String COGNITO_POOL = "us-east-1_TestPool";

    private final MockOAuth2Server server;
    /** The mock's own routes, held here so that an answer they made can be rewritten (see {@link ResponseRewriteRoute}). */
    private final Route mock;
    private final TenantKeys keys;
    private final List<OAuth2HttpRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<IdTokenRewrite> nextIdToken = new AtomicReference<>();
    private final boolean auth0EndSession;
    private final boolean issuerParameter;
    private volatile String clientSecret = CLIENT_SECRET;
    private final AtomicLong tokenLifetime;
    private URI base;

    /**
     * How to start the provider.
     *
     * @param rotateRefreshTokens  a refresh grant returns a new refresh token and retires the old one
     * @param tokenLifetimeSeconds lifetime of every token
     * @param auth0EndSession      the Auth0 tenant advertises {@code end_session_endpoint}
     * @param issuerParameter      the generic tenant implements RFC 9207: its discovery advertises
     *                             {@code authorization_response_iss_parameter_supported} and its authorization
     *                             responses carry {@code iss}
     * @param nextKeyPublished     each tenant's JWKS also lists a key it does not sign with, ahead of its signing key
     */
    public record Options(boolean rotateRefreshTokens, long tokenLifetimeSeconds, boolean auth0EndSession,
                          boolean issuerParameter, boolean nextKeyPublished) {
        /** The defaults: no rotation, one-hour tokens, Auth0 without RP-Initiated Logout, no {@code iss}, one key. */
        public static Options defaults() {
            return new Options(false, 3600, false, false, false);
        }

        /** @return these options with refresh token rotation */
        public Options rotatingRefreshTokens() {
            return new Options(true, tokenLifetimeSeconds, auth0EndSession, issuerParameter, nextKeyPublished);
        }

        /** @param seconds token lifetime @return these options with that lifetime */
        public Options tokenLifetime(long seconds) {
            return new Options(rotateRefreshTokens, seconds, auth0EndSession, issuerParameter, nextKeyPublished);
        }

        /** @return these options with an Auth0 tenant that advertises end_session_endpoint */
        public Options auth0WithEndSession() {
            return new Options(rotateRefreshTokens, tokenLifetimeSeconds, true, issuerParameter, nextKeyPublished);
        }

        /** @return these options with a generic tenant that sends {@code iss} in authorization responses and says so */
        public Options withIssuerParameter() {
            return new Options(rotateRefreshTokens, tokenLifetimeSeconds, auth0EndSession, true, nextKeyPublished);
        }

        /** @return these options with JWKS that list a second key, one the tenant does not sign with, first */
        public Options withNextKeyPublished() {
            return new Options(rotateRefreshTokens, tokenLifetimeSeconds, auth0EndSession, issuerParameter, true);
        }
    }

    private EmbeddedProvider(Options options) {
        this.auth0EndSession = options.auth0EndSession();
        this.issuerParameter = options.issuerParameter();
        this.keys = new TenantKeys(EmbeddedProvider::tenantOf, options.nextKeyPublished());
        // RSA key generation takes seconds on a loaded machine: do it now, not inside the service's first token request
        List.of("oidc", "auth0", "cognito").forEach(keys::key);
        this.tokenLifetime = new AtomicLong(options.tokenLifetimeSeconds());
        OAuth2Config config = new OAuth2Config(true, null, null, options.rotateRefreshTokens(),
                new OAuth2TokenProvider(keys, (java.time.Instant) null), tokenCallbacks(tokenLifetime::get),
                new MockWebServerWrapper());
        // the mock's routes come last among ours, so its own default handler (an equal one) is never reached
        this.mock = new OAuth2HttpRequestHandler(config).getAuthorizationServer();
        this.server = new MockOAuth2Server(config, new RecordingRoute(), new ClientAuthenticationRoute(), new Auth0DiscoveryRoute(),
                new ProviderLogoutRoute(), new JwksRoute(), new ResponseRewriteRoute(), mock);
    }

    /**
     * Starts the provider on 127.0.0.1 and a free port.
     *
     * @param options how to shape it
     * @return the running provider
     */
    public static EmbeddedProvider start(Options options) {
        return start(options, 0);
    }

    /**
     * Starts the provider on 127.0.0.1.
     *
     * @param options how to shape it
     * @param port    the port, 0 for any free one
     * @return the running provider
     */
    public static EmbeddedProvider start(Options options, int port) {
        EmbeddedProvider provider = new EmbeddedProvider(options);
        try {
            provider.server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        provider.base = URI.create("http://127.0.0.1:" + provider.server.baseUrl().port());
        return provider;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI base() {
        return base;
    }

    /** @return the generic tenant's issuer */
    public URI oidcIssuer() {
        return URI.create(base + "/oidc");
    }

    /** @return the Auth0 tenant's domain */
    public URI auth0Domain() {
        return URI.create(base + "/auth0");
    }

    /** @return the Auth0 tenant's issuer, with Auth0's trailing slash */
    public URI auth0Issuer() {
        return URI.create(base + "/auth0/");
    }

    /** @return the Cognito user pool's issuer */
    public URI cognitoIssuer() {
        return URI.create(base + "/" + COGNITO_POOL);
    }

    /** @return the Cognito managed-login domain */
    public URI cognitoDomain() {
        return URI.create(base + "/cognito");
    }

    /**
     * The {@code auth.<provider>.*} settings that point a provider module at its tenant here.
     *
     * @param provider {@code oidc}, {@code auth0} or {@code cognito}
     * @return the settings
     */
    public Map<String, String> settings(String provider) {
        Map<String, String> settings = new LinkedHashMap<>();
        String prefix = "auth." + provider + ".";
        settings.put(prefix + "client-id", CLIENT_ID);
        settings.put(prefix + "client-secret", CLIENT_SECRET);
        switch (provider) {
            case "oidc" -> {
                settings.put(prefix + "issuer", oidcIssuer().toString());
                settings.put(prefix + "audience", API_AUDIENCE);
            }
            case "auth0" -> {
                settings.put(prefix + "domain", auth0Domain().toString());
                settings.put(prefix + "audience", API_AUDIENCE);
                settings.put(prefix + "groups-claim", AUTH0_ROLES_CLAIM);
            }
            case "cognito" -> {
                settings.put(prefix + "domain", cognitoDomain().toString());
                settings.put(prefix + "issuer", cognitoIssuer().toString());
            }
            default -> throw new IllegalArgumentException(provider);
        }
        return settings;
    }

    /**
     * Tokens for an API caller: the authorization code flow run directly against the tenant, as a command-line
     * client of the same client id would (its own redirect URI, PKCE), so the tokens are the provider's own.
     *
     * @param tenant     {@code oidc}, {@code auth0} or {@code cognito}
     * @param username   the user
     * @param claimsJson extra claims for the tokens
     * @return the token response's members
     */
    public Map<String, Object> tokensFor(String tenant, String username, String claimsJson) {
        URI authorize = switch (tenant) {
            case "oidc" -> URI.create(oidcIssuer() + "/authorize");
            case "auth0" -> URI.create(auth0Domain() + "/authorize");
            case "cognito" -> URI.create(cognitoDomain() + "/oauth2/authorize");
            default -> throw new IllegalArgumentException(tenant);
        };
        URI token = switch (tenant) {
            case "oidc" -> URI.create(oidcIssuer() + "/token");
            case "auth0" -> URI.create(auth0Domain() + "/oauth/token");
            default -> URI.create(cognitoDomain() + "/oauth2/token");
        };
        com.nimbusds.oauth2.sdk.pkce.CodeVerifier verifier = new com.nimbusds.oauth2.sdk.pkce.CodeVerifier();
        String redirectUri = "http://127.0.0.1:1/cli-callback";
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", CLIENT_ID);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid profile email");
        query.put("state", "cli-state");
        query.put("nonce", "cli-nonce");
        query.put("code_challenge", com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256, verifier).getValue());
        query.put("code_challenge_method", "S256");
        Browser client = new Browser();
        var redirect = client.submit(URI.create(authorize + "?" + Browser.formBody(query)),
                Map.of("username", username, "claims", claimsJson), null);
        if (redirect.statusCode() != 302) {
            throw new IllegalStateException("authorize answered " + redirect.statusCode() + ": " + redirect.body());
        }
        String code = SignIn.query(redirect).get("code");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier.getValue());
        form.put("client_id", CLIENT_ID);
        form.put("client_secret", CLIENT_SECRET);
        var response = client.send(Browser.request(token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Browser.formBody(form))));
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(response.body());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body(), e);
        }
    }

    /**
     * Changes the client secret the token and revocation endpoints accept, as a rotation at the provider does.
     *
     * @param secret the new secret
     */
    public void rotateClientSecret(String secret) {
        this.clientSecret = secret;
    }

    /**
     * Changes how long the tokens issued from now on live, so a test can tell a refreshed token from the one
     * before by its expiry alone, however fast the refresh follows.
     *
     * @param seconds the new lifetime
     */
    public void tokenLifetime(long seconds) {
        tokenLifetime.set(seconds);
    }

    /** @return every request the provider received, oldest first */
    public List<OAuth2HttpRequest> requests() {
        return List.copyOf(requests);
    }

    /** @return the token endpoint requests, oldest first */
    public List<OAuth2HttpRequest> tokenRequests() {
        List<OAuth2HttpRequest> tokenRequests = new ArrayList<>();
        for (OAuth2HttpRequest request : requests) {
            if (request.getMethod().equals("POST") && request.getUrl().encodedPath().endsWith("/token")) {
                tokenRequests.add(request);
            }
        }
        return tokenRequests;
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * A tenant's signing key, to sign test tokens with.
     *
     * @param tenant {@code oidc}, {@code auth0} or {@code cognito}
     * @return the private key
     */
    public RSAKey signingKey(String tenant) {
        return keys.key(tenant);
    }

    /**
     * Publishes one more key in a tenant's JWKS, next to its RSA signing key (a tenant that also signs with an EC
     * key, say). Call it before the service first reads that JWKS: the service caches it.
     *
     * @param tenant    {@code oidc}, {@code auth0} or {@code cognito}
     * @param publicKey the key to publish; only its public part is served
     */
    public void publishKey(String tenant, JWK publicKey) {
        keys.publish(tenant, publicKey.toPublicJWK());
    }

    /**
     * Rotates a tenant's signing key as a provider does after a compromise: tokens are signed from now on with a new
     * key that was never published before; the JWKS lists it after the old one.
     *
     * @param tenant {@code oidc}, {@code auth0} or {@code cognito}
     * @return the new private key
     */
    public RSAKey rotateSigningKey(String tenant) {
        return keys.rotate(tenant);
    }

    /**
     * Arms a one-shot rewrite of the next successful token response of a tenant (a code or refresh grant): the
     * provider issues its tokens as usual, and the response carries, instead of its ID token, what the rewrite
     * makes of it. The access and refresh tokens stay the provider's own.
     *
     * @param tenant  {@code oidc}, {@code auth0} or {@code cognito}
     * @param rewrite given the ID token the provider issued, the one to send; null to send none
     */
    public void rewriteNextIdToken(String tenant, UnaryOperator<String> rewrite) {
        nextIdToken.set(new IdTokenRewrite(tenant, rewrite));
    }

    @Override
    public void close() {
        server.shutdown();
    }

    private static Set<OAuth2TokenCallback> tokenCallbacks(LongSupplier lifetime) {
        Map<String, Object> auth0Id = Map.of();
        Map<String, Object> auth0Access = Map.of("scope", "openid profile email offline_access");
        Map<String, Object> cognitoId = Map.of("token_use", "id");
        Map<String, Object> cognitoAccess = new LinkedHashMap<>();
        cognitoAccess.put("token_use", "access");
        cognitoAccess.put("client_id", CLIENT_ID);
        cognitoAccess.put("scope", "openid email profile");
        return Set.of(
                new ShapedTokens("oidc", null, List.of(API_AUDIENCE), Map.of(), Map.of(), lifetime),
                new ShapedTokens("auth0/oauth", "/auth0/", List.of(API_AUDIENCE), auth0Id, auth0Access, lifetime),
                new ShapedTokens("cognito/oauth2", "/" + COGNITO_POOL, List.of(), cognitoId, cognitoAccess, lifetime));
    }

    /** Which tenant a request path belongs to: its issuer id is the path before the endpoint. */
    private static String tenantOfPath(String encodedPath) {
        return tenantOf(encodedPath.substring(1, Math.max(1, encodedPath.lastIndexOf('/'))));
    }

    private static OAuth2HttpResponse json(String body) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body, null);
    }

    /** Which tenant a mock issuer id (the path before the endpoint) belongs to. */
    private static String tenantOf(String issuerId) {
        if (issuerId.startsWith("auth0")) {
            return "auth0";
        }
        if (issuerId.startsWith("cognito") || issuerId.startsWith(COGNITO_POOL)) {
            return "cognito";
        }
        return issuerId.isEmpty() ? "default" : issuerId.split("/")[0];
    }

    /** A rewrite armed by {@link #rewriteNextIdToken}. */
    private record IdTokenRewrite(String tenant, UnaryOperator<String> rewrite) {
    }

    /** Records every request and lets the mock's own routes answer it. */
    private final class RecordingRoute implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            requests.add(request);
            return false;
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            throw new IllegalStateException("never matches");
        }
    }

    /**
     * The client authentication mock-oauth2-server does not do: the token and revocation endpoints answer
     * {@code 401 invalid_client} unless the request carries this client's id and current secret, by HTTP Basic or
     * in the form (RFC 6749 2.3.1).
     */
    private final class ClientAuthenticationRoute implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            String path = request.getUrl().encodedPath();
            return request.getMethod().equals("POST") && (path.endsWith("/token") || path.endsWith("/revoke"))
                    && !authenticated(request);
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json", "WWW-Authenticate", "Basic"), 401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}", null);
        }

        private boolean authenticated(OAuth2HttpRequest request) {
            String authorization = request.getHeaders().get("Authorization");
            if (authorization != null && authorization.startsWith("Basic ")) {
                String decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6)),
                        java.nio.charset.StandardCharsets.UTF_8);
                String[] parts = decoded.split(":", 2);
                return parts.length == 2 && decodeForm(parts[0]).equals(CLIENT_ID) && decodeForm(parts[1]).equals(clientSecret);
            }
            return CLIENT_ID.equals(request.getFormParameters().get("client_id"))
                    && clientSecret.equals(request.getFormParameters().get("client_secret"));
        }

        /** RFC 6749 2.3.1: Basic credentials are form-encoded first. */
        private static String decodeForm(String value) {
            return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }


    /**
     * The logout endpoints mock-oauth2-server lacks (it has only {@code /endsession}), as a browser meets them:
     * Auth0's {@code /v2/logout?client_id&returnTo} and {@code /oidc/logout?client_id&post_logout_redirect_uri},
     * and Cognito's {@code /logout?client_id&logout_uri} on the managed-login domain. Each checks the client id and
     * sends the browser back; without a known client or a return URL it answers 400, as the real ones do.
     */
    private final class ProviderLogoutRoute implements Route {
        private static final Map<String, String> RETURN_PARAMETER = Map.of(
                "/auth0/v2/logout", "returnTo",
                "/auth0/oidc/logout", "post_logout_redirect_uri",
                "/cognito/logout", "logout_uri");

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("GET") && RETURN_PARAMETER.containsKey(request.getUrl().encodedPath());
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String target = request.getUrl().queryParameter(RETURN_PARAMETER.get(request.getUrl().encodedPath()));
            if (!CLIENT_ID.equals(request.getUrl().queryParameter("client_id")) || target == null
                    || !(target.startsWith("http://") || target.startsWith("https://"))) {
                return new OAuth2HttpResponse(Headers.of("Content-Type", "text/plain"), 400, "invalid logout request", null);
            }
            return new OAuth2HttpResponse(Headers.of("Location", target), 302, "", null);
        }
    }

    /**
     * Auth0's discovery document: the issuer with a trailing slash (which the mock cannot produce), token at
     * {@code /oauth/token}, no revocation endpoint (Auth0 does not advertise one), and
     * {@code end_session_endpoint} only when the tenant has RP-Initiated Logout.
     */
    private final class Auth0DiscoveryRoute implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("GET")
                    && request.getUrl().encodedPath().equals("/auth0/.well-known/openid-configuration");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String domain = auth0Domain().toString();
            StringBuilder json = new StringBuilder("{")
                    .append("\"issuer\":\"").append(auth0Issuer()).append("\",")
                    .append("\"authorization_endpoint\":\"").append(domain).append("/authorize\",")
                    .append("\"token_endpoint\":\"").append(domain).append("/oauth/token\",")
                    .append("\"jwks_uri\":\"").append(domain).append("/jwks\",")
                    .append("\"userinfo_endpoint\":\"").append(domain).append("/userinfo\",");
            if (auth0EndSession) {
                json.append("\"end_session_endpoint\":\"").append(domain).append("/oidc/logout\",");
            }
            json.append("\"response_types_supported\":[\"code\"],")
                    .append("\"subject_types_supported\":[\"public\"],")
                    .append("\"id_token_signing_alg_values_supported\":[\"RS256\"],")
                    .append("\"code_challenge_methods_supported\":[\"S256\",\"plain\"],")
                    .append("\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"]}");
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, json.toString(), null);
        }
    }

    /**
     * Each tenant's JWKS: every key it published (see {@link TenantKeys}). The mock's own JWKS lists only the key it
     * signs with now.
     */
    private final class JwksRoute implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("GET") && request.getUrl().encodedPath().endsWith("/jwks");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return json(JSONObjectUtils.toJSONString(keys.publicKeys(tenantOfPath(request.getUrl().encodedPath())).toJSONObject(true)));
        }
    }

    /**
     * Answers made by the mock and then changed: the ID token of a token response while a rewrite is armed, and, for
     * a generic tenant with the issuer parameter, its discovery document and the redirect of its authorization
     * response (RFC 9207). Anything else is not matched.
     */
    private final class ResponseRewriteRoute implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            String path = request.getUrl().encodedPath();
            boolean post = request.getMethod().equals("POST");
            IdTokenRewrite armed = nextIdToken.get();
            return post && path.endsWith("/token") && armed != null && armed.tenant().equals(tenantOfPath(path))
                    || issuerParameter && path.equals("/oidc/.well-known/openid-configuration")
                    || issuerParameter && post && path.equals("/oidc/authorize");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String path = request.getUrl().encodedPath();
            OAuth2HttpResponse answer = mock.invoke(request);
            if (path.endsWith("/token")) {
                // a refused grant leaves the rewrite armed for the next successful one
                IdTokenRewrite rewrite = answer.getStatus() == 200 ? nextIdToken.getAndSet(null) : null;
                return rewrite == null ? answer : withIdToken(answer, rewrite.rewrite());
            }
            if (path.endsWith("/openid-configuration")) {
                Map<String, Object> metadata = parse(answer.getBody());
                metadata.put("authorization_response_iss_parameter_supported", true);
                return json(JSONObjectUtils.toJSONString(metadata));
            }
            String location = answer.getHeaders().get("Location");
            if (answer.getStatus() != 302 || location == null) {
                return answer;
            }
            String withIssuer = HttpUrl.get(location).newBuilder().addQueryParameter("iss", oidcIssuer().toString()).build().toString();
            Headers headers = answer.getHeaders().newBuilder().set("Location", withIssuer).build();
            return new OAuth2HttpResponse(headers, 302, answer.getBody(), null);
        }

        private static OAuth2HttpResponse withIdToken(OAuth2HttpResponse answer, UnaryOperator<String> rewrite) {
            Map<String, Object> tokens = parse(answer.getBody());
            String idToken = rewrite.apply((String) tokens.get("id_token"));
            if (idToken == null) {
                tokens.remove("id_token");
            } else {
                tokens.put("id_token", idToken);
            }
            return json(JSONObjectUtils.toJSONString(tokens));
        }

        private static Map<String, Object> parse(String json) {
            try {
                return new LinkedHashMap<>(JSONObjectUtils.parse(json));
            } catch (java.text.ParseException e) {
                throw new IllegalStateException("the mock answered something that is not JSON", e);
            }
        }
    }
}
