package dev.portcullis.testing;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequestHandler;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * An OpenID provider that no one here wrote, embedded on loopback: navikt's mock-oauth2-server with an
 * interactive login form, serving three tenants shaped like the providers Portcullis supports.
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
 * <p>
 * Most tests need not start one themselves: {@link TestProvider} does, and configures the application for it.
 */
public final class EmbeddedProvider implements AutoCloseable {

    /** The client id configured for every tenant. */
    public static final String CLIENT_ID = "portcullis-test-client";
    /** The client secret configured for every tenant (a test value, never a real secret). */
    public static final String CLIENT_SECRET = "test-client-secret-0123456789";
    /**
     * The client id of a machine-to-machine client at every tenant, for an outgoing client's {@code client_credentials}
     * tokens ({@code auth.clients.<name>.client-id}).
     */
    public static final String M2M_CLIENT_ID = "portcullis-test-m2m";
    /** The secret of {@link #M2M_CLIENT_ID} (a fixed test value, not a secret). */
    public static final String M2M_CLIENT_SECRET = "test-m2m-secret-0123456789";
    /** The API audience of the Auth0 and generic tenants. */
    public static final String API_AUDIENCE = "https://api.portcullis.test";
    /** The namespaced roles claim of the Auth0 tenant. */
    public static final String AUTH0_ROLES_CLAIM = "https://portcullis.test/roles";
    /** The Cognito user pool id. */
    public static final String COGNITO_POOL = "us-east-1_TestPool";

    private final MockOAuth2Server server;
    private final TenantKeys keys;
    private final AtomicLong tokenLifetime;
    private final RecordingRoute recording = new RecordingRoute();
    private final ClientAuthenticationRoute clientAuthentication = new ClientAuthenticationRoute();
    private final ResponseRewriteRoute rewrites;
    private volatile URI base;

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

        /** {@return the defaults: no rotation, one-hour tokens, Auth0 without RP-Initiated Logout, no {@code iss}, one key} */
        public static Options defaults() {
            return new Options(false, 3600, false, false, false);
        }

        /** {@return these options with refresh token rotation, as Auth0 and Cognito can be configured} */
        public Options rotatingRefreshTokens() {
            return new Options(true, tokenLifetimeSeconds, auth0EndSession, issuerParameter, nextKeyPublished);
        }

        /**
         * With another lifetime of every token.
         *
         * @param seconds token lifetime
         * @return these options with that lifetime
         */
        public Options tokenLifetime(long seconds) {
            return new Options(rotateRefreshTokens, seconds, auth0EndSession, issuerParameter, nextKeyPublished);
        }

        /** {@return these options with an Auth0 tenant that advertises {@code end_session_endpoint}} */
        public Options auth0WithEndSession() {
            return new Options(rotateRefreshTokens, tokenLifetimeSeconds, true, issuerParameter, nextKeyPublished);
        }

        /** {@return these options with a generic tenant that sends {@code iss} in authorization responses and says so (RFC 9207)} */
        public Options withIssuerParameter() {
            return new Options(rotateRefreshTokens, tokenLifetimeSeconds, auth0EndSession, true, nextKeyPublished);
        }

        /** {@return these options with JWKS that list a second key, one the tenant does not sign with, first} */
        public Options withNextKeyPublished() {
            return new Options(rotateRefreshTokens, tokenLifetimeSeconds, auth0EndSession, issuerParameter, true);
        }
    }

    private EmbeddedProvider(Options options) {
        this.keys = new TenantKeys(TenantShape::tenantOf, options.nextKeyPublished());
        // RSA key generation takes seconds on a loaded machine: do it now, not inside the service's first token request
        for (TenantShape shape : TenantShape.values()) {
            keys.key(shape.tenant());
        }
        this.tokenLifetime = new AtomicLong(options.tokenLifetimeSeconds());
        Set<OAuth2TokenCallback> tokenCallbacks = new LinkedHashSet<>();
        for (TenantShape shape : TenantShape.values()) {
            tokenCallbacks.add(shape.tokenCallback(tokenLifetime::get));
        }
        OAuth2Config config = new OAuth2Config(true, null, null, options.rotateRefreshTokens(),
                new OAuth2TokenProvider(keys, (java.time.Instant) null), tokenCallbacks, new MockWebServerWrapper());
        // the mock's routes come last among ours, so its own default handler (an equal one) is never reached; the
        // rewrite route holds them too, to change what they answered
        Route mock = new OAuth2HttpRequestHandler(config).getAuthorizationServer();
        this.rewrites = new ResponseRewriteRoute(mock, options.issuerParameter(), this::base);
        this.server = new MockOAuth2Server(config, recording, clientAuthentication,
                new Auth0DiscoveryRoute(this::base, options.auth0EndSession()), new ProviderLogoutRoute(), new JwksRoute(keys),
                rewrites, mock);
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

    /** {@return where the provider listens: {@code http://127.0.0.1:<port>}} */
    public URI base() {
        return base;
    }

    /** {@return the generic tenant's issuer, {@code <base>/oidc}} */
    public URI oidcIssuer() {
        return TenantShape.OIDC.issuer(base);
    }

    /** {@return the Auth0 tenant's domain ({@code auth.auth0.domain}), {@code <base>/auth0}} */
    public URI auth0Domain() {
        return TenantShape.AUTH0.domain(base);
    }

    /** {@return the Auth0 tenant's issuer, with Auth0's trailing slash: {@code <base>/auth0/}} */
    public URI auth0Issuer() {
        return TenantShape.AUTH0.issuer(base);
    }

    /** {@return the Cognito user pool's issuer, {@code <base>/us-east-1_TestPool}} */
    public URI cognitoIssuer() {
        return TenantShape.COGNITO.issuer(base);
    }

    /** {@return the Cognito managed-login domain ({@code auth.cognito.domain}), {@code <base>/cognito}} */
    public URI cognitoDomain() {
        return TenantShape.COGNITO.domain(base);
    }

    /**
     * The {@code auth.<provider>.*} settings that point a provider module at its tenant here.
     *
     * @param provider {@code oidc}, {@code auth0} or {@code cognito}
     * @return the settings
     */
    public Map<String, String> settings(String provider) {
        return TenantShape.named(provider).settings(base);
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
        return ApiCallerTokens.tokens(base, TenantShape.named(tenant), username, claimsJson);
    }

    /**
     * The access token a machine-to-machine client ({@link #M2M_CLIENT_ID}) gets from a tenant with the
     * {@code client_credentials} grant. At the Cognito tenant it is shaped as Cognito's: {@code sub} and
     * {@code client_id} are {@link #M2M_CLIENT_ID}, {@code scope} the scopes asked for, {@code token_use=access}, no
     * {@code username} and no {@code aud}.
     *
     * @param tenant {@code oidc}, {@code auth0} or {@code cognito}
     * @param scope  the scopes to ask for, space separated (Cognito's custom scopes are {@code resource-server/scope},
     *               such as {@code orders/read}); null for none
     * @return the access token
     */
    public String machineAccessToken(String tenant, String scope) {
        Map<String, Object> tokens = ApiCallerTokens.clientCredentials(base, TenantShape.named(tenant), M2M_CLIENT_ID,
                M2M_CLIENT_SECRET, scope);
        if (!(tokens.get("access_token") instanceof String token)) {
            throw new IllegalStateException("no access token in the client_credentials answer: " + tokens.keySet());
        }
        return token;
    }

    /**
     * Changes the client secret the token and revocation endpoints accept, as a rotation at the provider does.
     *
     * @param secret the new secret
     */
    public void rotateClientSecret(String secret) {
        clientAuthentication.rotate(secret);
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

    /** {@return every request the provider received since it started or {@link #clearRequests()}, oldest first} */
    public List<OAuth2HttpRequest> requests() {
        return recording.requests();
    }

    /** {@return the token endpoint requests among {@link #requests()}, oldest first} */
    public List<OAuth2HttpRequest> tokenRequests() {
        return recording.tokenRequests();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        recording.clear();
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
        rewrites.armIdTokenRewrite(tenant, rewrite);
    }

    /** Stops the provider: its port refuses connections from now on. */
    @Override
    public void close() {
        server.shutdown();
    }
}
