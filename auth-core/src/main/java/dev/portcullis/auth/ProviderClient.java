package dev.portcullis.auth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

import dev.portcullis.auth.spi.ClientAuthentication;
import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.LogoutContext;
import dev.portcullis.auth.spi.LogoutTarget;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * Everything this service does with one provider over the network: discovery, the authorization request,
 * the code exchange, refresh and revocation, and the logout URL. Discovery is tried at start-up and, when
 * it fails, again on demand at most once per {@code auth.discovery.retry-interval}; once it succeeded its
 * result is kept. Thread-safe.
 */
final class ProviderClient {

    private static final System.Logger LOG = System.getLogger(ProviderClient.class.getName());
    /** Used when the token response gives no lifetime and the access token is not a JWT. */
    private static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private static final JWKSelector ALL_KEYS = new JWKSelector(new JWKMatcher.Builder().build());

    /** Endpoints, the token verifier built on their JWKS, and what was learnt from discovery. */
    record Resolved(ProviderEndpoints endpoints, TokenVerifier verifier, JWKSource<SecurityContext> keys) {
    }

    private final OidcProvider provider;
    private final ProviderDescriptor descriptor;
    private final String clientId;
    private final Supplier<String> clientSecret;
    private final String secretKey;
    private final SecretRotation rotation;
    private final JdkHttpSender http;
    private final AuthSettings settings;
    private final Clock clock;
    private final AuthListener listener;

    /** Not synchronized: a virtual thread blocked on I/O inside a monitor pins its carrier thread on JDK 21. */
    private final ReentrantLock discovering = new ReentrantLock();
    private volatile Resolved resolved;
    private Instant lastFailure;
    private AuthException lastError;
    /** Whether the signing keys of the current {@link #resolved} have been fetched at least once. */
    private volatile boolean keysFetched;
    private volatile Instant lastKeysFailure;

    ProviderClient(OidcProvider provider, String clientId, Supplier<String> clientSecret, String secretKey,
                   SecretRotation rotation, JdkHttpSender http, AuthSettings settings, Clock clock, AuthListener listener) {
        this.provider = provider;
        this.descriptor = provider.descriptor();
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.secretKey = secretKey;
        this.rotation = rotation;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    String name() {
        return descriptor.name();
    }

    ProviderDescriptor descriptor() {
        return descriptor;
    }

    /** The exact issuer, as compared with {@code iss}. */
    String issuer() {
        return descriptor.issuer().toString();
    }

    /**
     * Whether the provider can serve logins and validate tokens: discovery has succeeded and its signing keys have been
     * fetched at least once. When not, discovery and the keys are tried again, each at most once per
     * {@code auth.discovery.retry-interval}, so a provider that comes back is ready again without a restart.
     */
    boolean ready() {
        if (keysFetched) {
            return true;
        }
        Resolved current;
        try {
            current = resolved();
        } catch (AuthException e) {
            return false;
        }
        Instant now = clock.instant();
        Instant failed = lastKeysFailure;
        if (failed != null && now.isBefore(failed.plus(settings.discoveryRetryInterval()))) {
            return false;
        }
        try {
            fetchKeys(current);
            return true;
        } catch (ProviderUnavailableException e) {
            lastKeysFailure = now;
            return false;
        }
    }

    /**
     * Tries discovery once, at start-up. A provider that cannot be reached is not fatal: it is tried again on
     * demand. A provider whose discovery document contradicts the configuration is.
     */
    void warmUp() {
        try {
            resolved();
        } catch (ProviderUnavailableException e) {
            LOG.log(Level.WARNING, "provider {0}: discovery at {1} failed ({2}); will retry on demand",
                    name(), descriptor.discoveryUri(), e.getMessage());
        }
    }

    /**
     * Discovery now, or the last failure between retries, as an exception whose message names this provider, its
     * discovery URL and what went wrong: for a start-up that must not go on without the provider.
     */
    void requireDiscovery() {
        try {
            resolved();
        } catch (ProviderUnavailableException e) {
            throw new ProviderUnavailableException(e.reason(), name(), "provider " + name() + ": discovery at "
                    + descriptor.discoveryUri() + " failed (" + e.getMessage() + ")", null);
        }
    }

    Resolved resolved() {
        Resolved current = resolved;
        if (current != null) {
            return current;
        }
        discovering.lock();
        try {
            if (resolved != null) {
                return resolved;
            }
            Instant now = clock.instant();
            if (lastFailure != null && now.isBefore(lastFailure.plus(settings.discoveryRetryInterval()))) {
                // fail fast between retries; callers see the same kind of failure as the last attempt
                throw lastError instanceof AuthConfigurationException config ? config
                        : new ProviderUnavailableException(lastError.reason(), name(), lastError.getMessage(), null);
            }
            try {
                resolved = discover();
                lastFailure = null;
                lastError = null;
                LOG.log(Level.INFO, "provider {0}: discovered {1}", name(), descriptor.issuer());
                return resolved;
            } catch (ProviderUnavailableException | AuthConfigurationException e) {
                lastFailure = now;
                lastError = e;
                throw e;
            }
        } finally {
            discovering.unlock();
        }
    }

    /** The authorization request URL: code flow, PKCE S256, state, nonce, and the provider's extra parameters. */
    URI authorizationUri(State state, Nonce nonce, CodeVerifier verifier) {
        ProviderEndpoints endpoints = resolved().endpoints();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope(descriptor.scopes().toArray(new String[0])), new ClientID(clientId),
                settings.redirectUri())
                .endpointURI(endpoints.require(Endpoint.AUTHORIZATION))
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        descriptor.authorizeParameters().forEach(request::customParameter);
        return request.build().toURI();
    }

    /** Exchanges an authorization code, with the PKCE verifier, for tokens. */
    OIDCTokens exchangeCode(String code, CodeVerifier verifier) {
        return tokenRequest(new AuthorizationCodeGrant(new AuthorizationCode(code), settings.redirectUri(), verifier),
                Reason.CODE_REJECTED);
    }

    /** Uses a refresh token. */
    OIDCTokens refresh(String refreshToken) {
        return tokenRequest(new RefreshTokenGrant(new RefreshToken(refreshToken)), Reason.REFRESH_REJECTED);
    }

    /** Revokes a refresh token where the provider has a revocation endpoint; failures are logged, not thrown. */
    void revoke(String refreshToken) {
        ProviderEndpoints endpoints;
        try {
            endpoints = resolved().endpoints();
        } catch (AuthException e) {
            LOG.log(Level.WARNING, "provider {0}: refresh token not revoked ({1})", name(), e.reason());
            return;
        }
        Optional<URI> endpoint = endpoints.get(Endpoint.REVOCATION);
        if (endpoint.isEmpty()) {
            return;
        }
        HTTPRequest request = new TokenRevocationRequest(endpoint.get(), clientAuthentication(endpoints),
                new RefreshToken(refreshToken)).toHTTPRequest();
        try {
            HTTPResponse response = request.send(http);
            if (!response.indicatesSuccess()) {
                LOG.log(Level.WARNING, "provider {0}: revocation answered HTTP {1}", name(), response.getStatusCode());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "provider {0}: revocation failed ({1})", name(), e.getClass().getSimpleName());
        }
    }

    /** The provider logout URL, or empty when the provider has no logout or cannot be reached. */
    Optional<URI> logoutUri(Optional<String> idTokenHint, URI postLogoutRedirectUri) {
        Map<Endpoint, URI> endpoints;
        try {
            endpoints = resolved().endpoints().endpoints();
        } catch (AuthException e) {
            LOG.log(Level.WARNING, "provider {0}: signed out locally only ({1})", name(), e.reason());
            return Optional.empty();
        }
        return provider.logoutTarget(new LogoutContext(endpoints, clientId, idTokenHint, postLogoutRedirectUri))
                .map(target -> {
                    Map<String, List<String>> query = new LinkedHashMap<>();
                    target.parameters().forEach((name, value) -> query.put(name, List.of(value)));
                    String encoded = URLUtils.serializeParameters(query);
                    return URI.create(target.endpoint() + (encoded.isEmpty() ? "" : "?" + encoded));
                });
    }

    /**
     * Where this provider's logout sends a browser, as an origin: a page with a sign-out form must allow it in its
     * {@code form-action}, which browsers also check on the redirect. Empty when the provider has no logout (sign-out
     * then returns to this service) or its discovery is not known; nothing is logged, as pages ask this often.
     */
    Optional<URI> logoutOrigin() {
        Map<Endpoint, URI> endpoints;
        try {
            endpoints = resolved().endpoints().endpoints();
        } catch (AuthException e) {
            return Optional.empty();
        }
        return provider.logoutTarget(new LogoutContext(endpoints, clientId, Optional.empty(), settings.resolve("/")))
                .map(LogoutTarget::endpoint)
                .filter(endpoint -> endpoint.getScheme() != null && endpoint.getHost() != null)
                .map(endpoint -> URI.create(endpoint.getScheme().toLowerCase(Locale.ROOT) + "://"
                        + endpoint.getHost().toLowerCase(Locale.ROOT)
                        + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort())));
    }

    /** When an access token from a token response expires: its {@code expires_in}, else its JWT {@code exp}. */
    Instant accessTokenExpiry(AccessToken accessToken) {
        Instant now = clock.instant();
        if (accessToken.getLifetime() > 0) {
            return now.plusSeconds(accessToken.getLifetime());
        }
        try {
            Date exp = JWTParser.parse(accessToken.getValue()).getJWTClaimsSet().getExpirationTime();
            if (exp != null) {
                return exp.toInstant();
            }
        } catch (java.text.ParseException e) {
            // opaque access token
        }
        return now.plus(DEFAULT_ACCESS_TOKEN_LIFETIME);
    }

    private OIDCTokens tokenRequest(AuthorizationGrant grant, Reason rejected) {
        HTTPResponse response = sendTokenRequest(grant);
        if (isClientRejection(response) && rotation.refetch(secretKey)) {
            // the secret was rotated in its store since it was read: retry once with the new one
            LOG.log(Level.INFO, "provider {0}: client secret rotated; retrying the token request once", name());
            response = sendTokenRequest(grant);
        }
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                    "token endpoint answered HTTP " + response.getStatusCode() + " with an unreadable body", null);
        }
        if (parsed.indicatesSuccess()) {
            Tokens tokens = parsed.toSuccessResponse().getTokens();
            return tokens instanceof OIDCTokens oidc ? oidc : new OIDCTokens(tokens.getAccessToken(), tokens.getRefreshToken());
        }
        ErrorObject error = ((TokenErrorResponse) parsed).getErrorObject();
        String code = error == null ? null : error.getCode();
        if ("invalid_grant".equals(code)) {
            if (rejected == Reason.REFRESH_REJECTED) {
                throw new SessionEndedException(Reason.REFRESH_REJECTED, name(), "refresh token was refused", null);
            }
            throw new LoginFailedException(Reason.CODE_REJECTED, name(), "authorization code was refused");
        }
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            LOG.log(Level.ERROR, "provider {0}: the token endpoint refused this client ({1}); check {2} and {3}",
                    name(), code, "auth." + name() + ".client-id", secretKey);
            throw new ProviderUnavailableException(Reason.CLIENT_REJECTED, name(), "token endpoint refused the client", null);
        }
        throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                "token endpoint answered HTTP " + response.getStatusCode() + (code == null ? "" : " " + code), null);
    }

    private HTTPResponse sendTokenRequest(AuthorizationGrant grant) {
        ProviderEndpoints endpoints = resolved().endpoints();
        HTTPRequest request = new TokenRequest.Builder(endpoints.require(Endpoint.TOKEN), clientAuthentication(endpoints), grant)
                .build()
                .toHTTPRequest();
        return send(request, "token endpoint");
    }

    /** Whether the token endpoint refused the client's credentials ({@code invalid_client}, RFC 6749 5.2). */
    private static boolean isClientRejection(HTTPResponse response) {
        if (response.getStatusCode() != 400 && response.getStatusCode() != 401) {
            return false;
        }
        try {
            return "invalid_client".equals(ErrorObject.parse(response).getCode());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private HTTPResponse send(HTTPRequest request, String what) {
        try {
            return request.send(http);
        } catch (HttpTimeoutException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_TIMEOUT, name(), what + " did not answer in time", null);
        } catch (ConnectException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, name(), what + " refused the connection", null);
        } catch (IOException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, name(), what + " failed: " + e.getClass().getSimpleName(), null);
        }
    }

    private com.nimbusds.oauth2.sdk.auth.ClientAuthentication clientAuthentication(ProviderEndpoints endpoints) {
        ClientID id = new ClientID(clientId);
        Secret secret;
        try {
            secret = new Secret(clientSecret.get());
        } catch (AuthConfigurationException e) {
            // the secret's store is unreachable and nothing is cached: nothing this request can fix
            LOG.log(Level.ERROR, "provider {0}: client secret unavailable: {1}", name(), e.getMessage());
            throw new ProviderUnavailableException(Reason.SECRET_UNAVAILABLE, name(), "client secret unavailable", null);
        }
        return endpoints.clientAuthentication() == ClientAuthentication.CLIENT_SECRET_POST
                ? new ClientSecretPost(id, secret)
                : new ClientSecretBasic(id, secret);
    }

    private Resolved discover() {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, descriptor.discoveryUri());
        request.setAccept("application/json");
        HTTPResponse response = send(request, "discovery");
        if (response.getStatusCode() != 200) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                    "discovery answered HTTP " + response.getStatusCode(), null);
        }
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(response.getBody());
        } catch (ParseException | RuntimeException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(), "discovery document is not valid", null);
        }
        if (!descriptor.issuer().toString().equals(metadata.getIssuer().getValue())) {
            // mix-up defence (RFC 9700 4.4): the document must be the configured issuer's own
            throw new AuthConfigurationException("auth." + name() + ".issuer", "the provider's discovery document names issuer "
                    + metadata.getIssuer().getValue() + ", not " + descriptor.issuer());
        }
        Map<Endpoint, URI> endpoints = new EnumMap<>(Endpoint.class);
        putIfPresent(endpoints, Endpoint.AUTHORIZATION, metadata.getAuthorizationEndpointURI());
        putIfPresent(endpoints, Endpoint.TOKEN, metadata.getTokenEndpointURI());
        putIfPresent(endpoints, Endpoint.JWKS, metadata.getJWKSetURI());
        putIfPresent(endpoints, Endpoint.USERINFO, metadata.getUserInfoEndpointURI());
        putIfPresent(endpoints, Endpoint.END_SESSION, metadata.getEndSessionEndpointURI());
        putIfPresent(endpoints, Endpoint.REVOCATION, metadata.getRevocationEndpointURI());
        // the one merge rule: an override always wins
        endpoints.putAll(descriptor.endpointOverrides());
        for (Map.Entry<Endpoint, URI> endpoint : endpoints.entrySet()) {
            try {
                ConfigValues.checkedUrl(endpoint.getKey().metadataName(), endpoint.getValue().toString());
            } catch (AuthConfigurationException e) {
                throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                        "discovery names an unsafe " + endpoint.getKey().metadataName(), null);
            }
        }
        for (Endpoint required : List.of(Endpoint.AUTHORIZATION, Endpoint.TOKEN, Endpoint.JWKS)) {
            if (!endpoints.containsKey(required)) {
                throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(),
                        "discovery names no " + required.metadataName(), null);
            }
        }
        ProviderEndpoints resolvedEndpoints = new ProviderEndpoints(endpoints,
                metadata.supportsAuthorizationResponseIssuerParam(), clientAuthentication(metadata.getTokenEndpointAuthMethods()));
        return resolvedWithKeys(resolvedEndpoints);
    }

    private Resolved resolvedWithKeys(ProviderEndpoints endpoints) {
        JWKSource<SecurityContext> keys = jwks(endpoints.require(Endpoint.JWKS));
        return new Resolved(endpoints, new TokenVerifier(descriptor, clientId, keys, clock, settings.clockSkew(), listener), keys);
    }

    /** Fetches discovery (if still needed) and the signing keys now. */
    void primeKeys() {
        fetchKeys(resolved());
    }

    /** Reads the signing keys (from the JWKS source's cache when it holds them); an empty key set counts as none. */
    private void fetchKeys(Resolved current) {
        try {
            if (current.keys().get(ALL_KEYS, null).isEmpty()) {
                throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(), "the provider publishes no signing keys", null);
            }
        } catch (KeySourceException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, name(), "provider keys are unavailable", e);
        }
        // under the lock: forgetKeys() swaps the key source and clears the flag together, so keys fetched from a
        // source that was just dropped never mark the new one as fetched
        discovering.lock();
        try {
            if (current == resolved) {
                keysFetched = true;
                lastKeysFailure = null;
            }
        } finally {
            discovering.unlock();
        }
    }

    /**
     * Whether this provider's current key set, as cached (and read again when the cache expires), still holds a key.
     * A key that is not there is not looked for again here: verifying the token anew does that.
     */
    boolean publishes(JWK key) {
        try {
            return resolved().keys().get(ALL_KEYS, null).contains(key);
        } catch (KeySourceException | AuthException e) {
            return false;
        }
    }

    /** Drops the cached signing keys (and with them their age); they are fetched again on next use. */
    void forgetKeys() {
        discovering.lock();
        try {
            if (resolved != null) {
                keysFetched = false;
                resolved = resolvedWithKeys(resolved.endpoints());
            }
        } finally {
            discovering.unlock();
        }
    }

    /** The preferred method, unless the provider lists its supported methods and only the other one is among them. */
    private ClientAuthentication clientAuthentication(List<ClientAuthenticationMethod> supported) {
        ClientAuthentication preferred = descriptor.clientAuthentication();
        if (supported == null || supported.isEmpty() || supported.contains(ClientAuthenticationMethod.parse(preferred.metadataName()))) {
            return preferred;
        }
        for (ClientAuthentication other : ClientAuthentication.values()) {
            if (supported.contains(ClientAuthenticationMethod.parse(other.metadataName()))) {
                return other;
            }
        }
        return preferred;
    }

    /**
     * The provider's keys through Nimbus's JWKS source: cached, refreshed at most twice per rate-limit interval
     * when a token names an unknown {@code kid} (key rotation), retried once on a network error, and served from
     * the last good copy for a day while the JWKS endpoint is down.
     */
    private JWKSource<SecurityContext> jwks(URI jwksUri) {
        URL url;
        try {
            url = jwksUri.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, name(), "jwks_uri is not a URL", null);
        }
        // every fetch the source makes (first use, expiry, unknown kid, retry) goes through here, so each is reported once
        ResourceRetriever reported = jwksUrl -> {
            boolean success = false;
            try {
                Resource resource = http.retrieveResource(jwksUrl);
                success = true;
                return resource;
            } finally {
                listener.jwksFetched(name(), success);
            }
        };
        return JWKSourceBuilder.<SecurityContext>create(url, reported)
                .cache(Duration.ofMinutes(15).toMillis(), settings.httpTimeout().toMillis() * 2)
                .refreshAheadCache(false)
                .rateLimited(Duration.ofSeconds(30).toMillis())
                .retrying(true)
                .outageTolerant(Duration.ofHours(24).toMillis())
                .build();
    }

    private static void putIfPresent(Map<Endpoint, URI> endpoints, Endpoint endpoint, URI uri) {
        if (uri != null) {
            endpoints.put(endpoint, uri);
        }
    }
}
