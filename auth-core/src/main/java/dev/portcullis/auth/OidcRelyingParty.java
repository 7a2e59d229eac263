package dev.portcullis.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

import org.eclipse.microprofile.config.Config;

import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;

/**
 * The OpenID Connect relying party and bearer-token verifier for every enabled provider: the one entry
 * point a host (a JAX-RS resource, a security provider, a Lambda handler) calls. It keeps no per-user
 * state: what a login or a session needs travels in encrypted cookies, so any instance serves any request.
 * <p>
 * Built once at start-up from MicroProfile Config; immutable apart from each provider's discovery result,
 * and thread-safe.
 */
public final class OidcRelyingParty {

    private final AuthSettings settings;
    private final Map<String, ProviderClient> providers;
    private final LoginStateCodec loginStates;
    private final SessionCookieCodec sessions;
    private final LoginSecrets loginSecrets = new LoginSecrets();
    private final VerifiedTokens verifiedTokens;
    private final Clock clock;

    private OidcRelyingParty(AuthSettings settings, Map<String, ProviderClient> providers, Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.clock = clock;
        this.verifiedTokens = new VerifiedTokens(VerifiedTokens.DEFAULT_MAX_ENTRIES, clock);
        CookieNames names = new CookieNames(settings.secureCookies());
        this.loginStates = new LoginStateCodec(new CookieCipher(settings.sessionSecrets(), "login"), names, settings.secureCookies());
        this.sessions = new SessionCookieCodec(new CookieCipher(settings.sessionSecrets(), "session"), names,
                settings.secureCookies(), providers.keySet(), clock);
    }

    /**
     * Builds the relying party from {@code auth.*} configuration, with the provider modules found by
     * {@link ServiceLoader}. Does not contact any provider: call {@link #warmUp()} for that.
     *
     * @param config MicroProfile Config
     * @param clock  the clock for every time check
     * @return the relying party
     * @throws AuthConfigurationException naming the first key that is missing or wrong
     */
    public static OidcRelyingParty create(Config config, Clock clock) {
        return create(config, clock, AuthListener.none());
    }

    /**
     * Builds the relying party from {@code auth.*} configuration, with the provider modules found by
     * {@link ServiceLoader}, reporting key fetches and token validations to a listener. Does not contact any
     * provider: call {@link #warmUp()} for that.
     *
     * @param config   MicroProfile Config
     * @param clock    the clock for every time check
     * @param listener told about key fetches and token validations, for metrics
     * @return the relying party
     * @throws AuthConfigurationException naming the first key that is missing or wrong
     */
    public static OidcRelyingParty create(Config config, Clock clock, AuthListener listener) {
        ClassLoader loader = OidcRelyingParty.class.getClassLoader();
        Map<String, OidcProviderFactory> factories = new LinkedHashMap<>();
        for (OidcProviderFactory factory : ServiceLoader.load(OidcProviderFactory.class, loader)) {
            factories.putIfAbsent(factory.name(), factory);
        }
        List<SecretRotation> rotations = ServiceLoader.load(SecretRotation.class, loader).stream().map(ServiceLoader.Provider::get).toList();
        return create(ConfigValues.of(config), clock, factories, rotations, listener);
    }

    /**
     * Every configuration key this module and the installed provider modules read: {@code auth.*} settings, and for
     * each provider {@code auth.<name>.client-id}, {@code .client-secret} and its own settings. For checking a
     * deployment's configuration (and a template's environment variables) against what is known.
     *
     * @return the keys, sorted
     */
    public static java.util.SortedSet<String> knownKeys() {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(AuthSettings.KEYS);
        for (OidcProviderFactory factory : ServiceLoader.load(OidcProviderFactory.class, OidcRelyingParty.class.getClassLoader())) {
            String prefix = "auth." + factory.name() + ".";
            keys.add(prefix + "client-id");
            keys.add(prefix + "client-secret");
            factory.settingNames().forEach(name -> keys.add(prefix + name));
        }
        return keys;
    }

    static OidcRelyingParty create(ConfigValues values, Clock clock, Map<String, OidcProviderFactory> factories) {
        return create(values, clock, factories, List.of());
    }

    static OidcRelyingParty create(ConfigValues values, Clock clock, Map<String, OidcProviderFactory> factories,
                                   List<SecretRotation> rotations) {
        return create(values, clock, factories, rotations, AuthListener.none());
    }

    static OidcRelyingParty create(ConfigValues values, Clock clock, Map<String, OidcProviderFactory> factories,
                                   List<SecretRotation> rotations, AuthListener listener) {
        // any store that can re-read a secret: asked in turn until one finds a new value
        SecretRotation rotation = key -> rotations.stream().anyMatch(store -> store.refetch(key));
        AuthSettings settings = AuthSettings.from(values);
        JdkHttpSender http = new JdkHttpSender(settings.httpTimeout());
        Map<String, ProviderClient> clients = new LinkedHashMap<>();
        for (String name : settings.enabledProviders()) {
            OidcProviderFactory factory = factories.get(name);
            if (factory == null) {
                String key = name.equals(settings.defaultProvider()) ? AuthSettings.PROVIDER : AuthSettings.PROVIDERS;
                throw new AuthConfigurationException(key, "no provider module named '" + name + "' is installed; installed: "
                        + String.join(", ", factories.keySet()));
            }
            MpProviderConfig providerConfig = new MpProviderConfig(name, values);
            OidcProvider provider = factory.create(providerConfig);
            if (!provider.descriptor().name().equals(name)) {
                throw new IllegalStateException("provider module " + factory.getClass().getName() + " built a provider named "
                        + provider.descriptor().name() + " for " + name);
            }
            String clientId = providerConfig.clientId();
            String secretKey = providerConfig.key("client-secret");
            providerConfig.require("client-secret");
            // read at each use, so a rotated secret from the configuration is picked up without a restart
            ProviderClient client = new ProviderClient(provider, clientId, () -> values.require(secretKey), secretKey,
                    rotation, http, settings, clock, listener);
            clients.put(name, client);
        }
        for (ProviderClient a : clients.values()) {
            for (ProviderClient b : clients.values()) {
                if (a != b && a.issuer().equals(b.issuer())) {
                    throw new AuthConfigurationException("auth." + b.name() + ".issuer",
                            "is the same issuer as provider " + a.name() + "; each enabled provider needs its own issuer");
                }
            }
        }
        return new OidcRelyingParty(settings, Map.copyOf(clients), clock);
    }

    /**
     * The settings this relying party was built with.
     *
     * @return the settings
     */
    public AuthSettings settings() {
        return settings;
    }

    /**
     * Reads and writes the session cookie.
     *
     * @return the codec
     */
    public SessionCookieCodec sessions() {
        return sessions;
    }

    /**
     * The enabled providers, default first, for sign-in buttons.
     *
     * @return the providers
     */
    public List<ProviderInfo> providers() {
        List<ProviderInfo> infos = new ArrayList<>();
        for (String name : settings.enabledProviders()) {
            infos.add(new ProviderInfo(name, providers.get(name).descriptor().displayName(), name.equals(settings.defaultProvider())));
        }
        return infos;
    }

    /**
     * Whether a provider can serve logins and tokens: its discovery document has been read and its signing keys
     * fetched at least once. A provider that is not ready is tried again, at most once per
     * {@code auth.discovery.retry-interval} (so this may wait for the provider, at most {@code auth.http.timeout}
     * per call), and becomes ready without a restart once it answers. For readiness probes.
     *
     * @param provider the provider name
     * @return whether it is ready; false for a provider that is not enabled
     */
    public boolean ready(String provider) {
        ProviderClient client = providers.get(provider);
        return client != null && client.ready();
    }

    /**
     * {@link #ready(String)} of every enabled provider, asked in parallel (a probe waits for the slowest provider, not
     * for their sum).
     *
     * @return each enabled provider's readiness, default provider first
     */
    public Map<String, Boolean> readiness() {
        Map<String, Boolean> readiness = new ConcurrentHashMap<>();
        inParallel(client -> readiness.put(client.name(), client.ready()));
        Map<String, Boolean> ordered = new LinkedHashMap<>();
        settings.enabledProviders().forEach(name -> ordered.put(name, readiness.getOrDefault(name, false)));
        return Collections.unmodifiableMap(ordered);
    }

    /**
     * Fetches every enabled provider's discovery document once. Providers that cannot be reached are retried
     * on demand later; a document that contradicts the configuration fails.
     *
     * @throws AuthConfigurationException when a provider's discovery document names another issuer
     */
    public void warmUp() {
        inParallel(ProviderClient::warmUp);
    }

    /**
     * Fetches every enabled provider's discovery document, and fails when one cannot be read: for a runtime that
     * cannot report itself not ready and retry (AWS Lambda, whose cold start should fail rather than start an
     * instance that fails every sign-in). Logs nothing; the exception says it all in one line.
     *
     * @throws ProviderUnavailableException naming the first provider whose discovery failed, its discovery URL and why
     * @throws AuthConfigurationException   when a provider's discovery document names another issuer
     */
    public void requireDiscovery() {
        inParallel(ProviderClient::requireDiscovery);
    }

    private void inParallel(Consumer<ProviderClient> action) {
        // in parallel: start-up (and a Lambda cold start) waits for the slowest provider, not for their sum
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            // in configuration order, so that the first failure reported is the first provider's
            List<Future<?>> tasks = settings.enabledProviders().stream()
                    .map(providers::get)
                    .<Future<?>>map(client -> executor.submit(() -> action.accept(client)))
                    .toList();
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Readies everything a first request would otherwise wait for, for a snapshot (AWS Lambda SnapStart) or a warm-up:
     * each provider's discovery document and signing keys are fetched, and the token validator runs once on a
     * synthetic token (which it refuses) so its classes are loaded.
     *
     * @return the providers whose discovery and keys are ready
     */
    public List<String> prime() {
        List<String> ready = new ArrayList<>();
        for (ProviderClient client : providers.values()) {
            try {
                client.primeKeys();
                ready.add(client.name());
            } catch (AuthException e) {
                // a provider that is down is retried on demand, as at start-up
            }
        }
        for (ProviderClient client : providers.values()) {
            if (ready.contains(client.name()) && client.descriptor().accessTokenRules().isPresent()) {
                try {
                    verifyBearer(SyntheticToken.signedFor(client.issuer(), clock.instant()));
                } catch (AuthException expected) {
                    // refused, as it must be: the point was to run the validator's code once
                }
            }
        }
        return ready;
    }

    /**
     * Makes this instance independent of the snapshot it was restored from (AWS Lambda SnapStart): a fresh random
     * generator for state, nonce and PKCE (instances restored from one snapshot must not share one), and signing
     * keys read anew on next use (the snapshot's copy may be days old), and so every bearer token verified again.
     */
    public void afterRestore() {
        loginSecrets.reseed();
        providers.values().forEach(ProviderClient::forgetKeys);
        verifiedTokens.clear();
    }

    LoginSecrets loginSecrets() {
        return loginSecrets;
    }

    /**
     * Starts a sign-in: an authorization request with PKCE (S256), a fresh state and nonce, and the
     * login-state cookie that carries them to the callback.
     *
     * @param provider the requested provider, or empty for the default
     * @param returnTo the requested path to return to after sign-in; unsafe values become {@code /}
     * @return where to send the browser and the cookie to set
     * @throws BadRequestException        when the provider is not enabled
     * @throws ProviderUnavailableException when the provider's discovery cannot be read
     */
    public LoginRedirect startLogin(Optional<String> provider, String returnTo) {
        ProviderClient client = provider(provider.orElse(settings.defaultProvider()));
        State state = loginSecrets.state();
        Nonce nonce = loginSecrets.nonce();
        CodeVerifier verifier = loginSecrets.codeVerifier();
        URI authorizationUri = client.authorizationUri(state, nonce, verifier);
        LoginState loginState = new LoginState(state.getValue(), nonce.getValue(), verifier.getValue(), client.name(),
                ReturnTo.parse(returnTo), clock.instant().plus(LoginStateCodec.LIFETIME));
        return new LoginRedirect(authorizationUri, loginStates.write(loginState));
    }

    /**
     * The name of the login-state cookie, to read it from the callback request.
     *
     * @return the cookie name
     */
    public String loginStateCookieName() {
        return loginStates.cookieName();
    }

    /**
     * The cookie that deletes the login-state cookie: it is single-use, so every callback answer sends this.
     *
     * @return the deleting cookie
     */
    public SetCookie clearLoginState() {
        return loginStates.delete();
    }

    /**
     * Completes a sign-in at the callback: checks the provider's answer against this browser's login state
     * (state, and {@code iss} per RFC 9207) before anything is sent to the provider, exchanges the code with
     * the PKCE verifier at the provider that started the login, and validates the ID token (signature,
     * {@code iss}, {@code aud}/{@code azp}, {@code exp}, {@code iat}, {@code nonce}).
     *
     * @param callback         the callback's query parameters
     * @param loginStateCookie the login-state cookie's value, if the request carried one
     * @return the new session and where to send the browser
     * @throws LoginFailedException         when the callback or the provider's answer is refused
     * @throws ProviderUnavailableException when the provider cannot be reached or answers garbage
     */
    public SignIn completeLogin(CallbackParameters callback, Optional<String> loginStateCookie) {
        Optional<LoginState> stored = loginStateCookie.flatMap(loginStates::read);
        String providerName = stored.map(LoginState::provider).orElse(null);
        if (callback.error().isPresent()) {
            throw new LoginFailedException(Reason.PROVIDER_ERROR, providerName, "provider answered with an error",
                    callback.error().get(), null);
        }
        LoginState state = stored.orElseThrow(() -> new LoginFailedException(Reason.STATE_MISSING, null,
                "no login state cookie: the login was not started in this browser, or it expired"));
        if (loginStates.expired(state, clock.instant())) {
            throw new LoginFailedException(Reason.STATE_EXPIRED, providerName, "the login took too long");
        }
        if (callback.state().isEmpty() || !ClaimRules.constantTimeEquals(state.state(), callback.state().get())) {
            throw new LoginFailedException(Reason.STATE_MISMATCH, providerName, "state does not match this browser's login");
        }
        ProviderClient client = providers.get(state.provider());
        if (client == null) {
            throw new LoginFailedException(Reason.UNKNOWN_PROVIDER, providerName, "the login's provider is no longer enabled");
        }
        ProviderClient.Resolved resolved = client.resolved();
        if (callback.issuer().isPresent() && !callback.issuer().get().equals(client.issuer())) {
            throw new LoginFailedException(Reason.ISSUER_MISMATCH, providerName, "iss does not name the provider the login started with");
        }
        if (callback.issuer().isEmpty() && resolved.endpoints().issuerParameterSupported()) {
            throw new LoginFailedException(Reason.ISSUER_MISSING, providerName, "iss is missing although the provider sends it");
        }
        String code = callback.code().orElseThrow(() -> new LoginFailedException(Reason.CODE_MISSING, providerName, "no code"));

        OIDCTokens tokens = client.exchangeCode(code, new CodeVerifier(state.codeVerifier()));
        String idToken = tokens.getIDTokenString();
        if (idToken == null) {
            throw new LoginFailedException(Reason.TOKEN_INVALID, providerName, "the provider returned no ID token");
        }
        JWTClaimsSet idClaims;
        try {
            idClaims = resolved.verifier().verifyIdToken(idToken, Optional.of(state.nonce()));
        } catch (TokenRejectedException e) {
            throw new LoginFailedException(e.reason(), providerName, "ID token rejected: " + e.claim().orElse("signature")
                    + " (" + e.getMessage() + ")", null, e);
        }
        Instant now = clock.instant();
        TokenSet tokenSet = tokenSet(client, tokens, Optional.of(idToken), Optional.empty());
        Identity identity = sessionIdentity(client, idClaims, tokenSet);
        Session session = new Session(client.name(), tokenSet, identity, now, now.plus(settings.sessionMaxAge()));
        return new SignIn(session, settings.resolve(state.returnTo().path()));
    }

    /**
     * Refreshes a browser session's tokens. The provider's new refresh token, when it sends one, replaces the
     * old one (Auth0 and Cognito may rotate them). A new ID token must name the same user at the same issuer.
     *
     * @param session the session
     * @return the refreshed session; its creation and expiry times are unchanged
     * @throws SessionEndedException        when the provider refuses the refresh token, the session has none,
     *                                      or the new ID token names someone else
     * @throws ProviderUnavailableException when the provider cannot be reached
     */
    public Session refresh(Session session) {
        ProviderClient client = providers.get(session.provider());
        if (client == null) {
            throw new SessionEndedException(Reason.SESSION_INVALID, session.provider(), "the session's provider is no longer enabled", null);
        }
        String refreshToken = session.tokens().refreshToken().orElseThrow(() -> new SessionEndedException(
                Reason.REFRESH_REJECTED, client.name(), "the session has no refresh token", null));
        OIDCTokens tokens = client.refresh(refreshToken);
        Optional<String> newIdToken = Optional.ofNullable(tokens.getIDTokenString());
        JWTClaimsSet idClaims;
        if (newIdToken.isPresent()) {
            try {
                idClaims = client.resolved().verifier().verifyIdToken(newIdToken.get(), Optional.empty());
            } catch (TokenRejectedException e) {
                throw new SessionEndedException(e.reason(), client.name(), "refreshed ID token rejected", e);
            }
            // OpenID Connect Core 12.2: the same iss, sub and (when both have one) auth_time as the session's ID token
            Object authTime = session.identity().claims().get("auth_time");
            Object newAuthTime = idClaims.getClaim("auth_time");
            if (!session.identity().subject().equals(idClaims.getSubject())
                    || !client.issuer().equals(idClaims.getIssuer())
                    || authTime != null && newAuthTime != null && !sameInstant(authTime, newAuthTime)) {
                throw new SessionEndedException(Reason.IDENTITY_CHANGED, client.name(), "refreshed ID token names another user", null);
            }
        } else {
            idClaims = toClaims(session.identity().claims());
        }
        TokenSet tokenSet = tokenSet(client, tokens, newIdToken.or(() -> session.tokens().idToken()), Optional.of(refreshToken));
        Identity identity = sessionIdentity(client, idClaims, tokenSet);
        return new Session(session.provider(), tokenSet, identity, session.createdAt(), session.expiresAt());
    }

    /**
     * Refreshes tokens for an API caller that holds its own refresh token.
     *
     * @param provider     the provider that issued it
     * @param refreshToken the refresh token
     * @return the provider's new tokens, with the new refresh token or the old one when none was issued
     * @throws BadRequestException          when the provider is not enabled
     * @throws SessionEndedException        when the provider refuses the refresh token
     * @throws ProviderUnavailableException when the provider cannot be reached
     */
    public TokenSet refresh(String provider, String refreshToken) {
        ProviderClient client = provider(provider);
        OIDCTokens tokens = client.refresh(refreshToken);
        Optional<String> idToken = Optional.ofNullable(tokens.getIDTokenString());
        idToken.ifPresent(token -> client.resolved().verifier().verifyIdToken(token, Optional.empty()));
        return tokenSet(client, tokens, idToken, Optional.of(refreshToken));
    }

    /**
     * Ends a session at the provider: revokes its refresh token where the provider allows, and gives the
     * provider's logout URL, which returns to {@code ${auth.base-url}/}. The host clears the cookies.
     *
     * @param session the session being ended, if the request had one
     * @return where to send the browser: the provider's logout URL, or the service root
     */
    public URI logout(Optional<Session> session) {
        URI home = settings.resolve("/");
        if (session.isEmpty()) {
            return home;
        }
        ProviderClient client = providers.get(session.get().provider());
        if (client == null) {
            return home;
        }
        session.get().tokens().refreshToken().ifPresent(client::revoke);
        return client.logoutUri(session.get().tokens().idToken(), home).orElse(home);
    }

    /**
     * The origin a browser is sent to when a session of this provider signs out, for the
     * {@code Content-Security-Policy: form-action} of a page with a sign-out form (browsers check it on the
     * redirect that follows the form, too).
     *
     * @param provider the provider name
     * @return the origin ({@code https://host[:port]}); empty when the provider is not enabled, has no logout
     *         endpoint, or its discovery document is not known (sign-out then returns to this service)
     */
    public Optional<URI> logoutOrigin(String provider) {
        ProviderClient client = providers.get(provider);
        return client == null ? Optional.empty() : client.logoutOrigin();
    }

    /**
     * Verifies a bearer access token. The token's issuer picks the provider; a token from an issuer that is
     * not enabled, or from a provider that accepts no bearer tokens, is refused.
     * <p>
     * A token verified before is not verified again while it has not expired and the key that verified it is still
     * among its provider's keys (a bounded cache of recent tokens: callers present the same token many times).
     *
     * @param token the token from {@code Authorization: Bearer}
     * @return the caller
     * @throws TokenRejectedException       when the token is not valid for this service
     * @throws ProviderUnavailableException when the token's provider or its keys cannot be reached: the token may
     *                                      well be valid, so this is not a reason to refuse it as invalid
     */
    public Identity verifyBearer(String token) {
        if (token != null && token.length() <= TokenVerifier.MAX_TOKEN_LENGTH) {
            Optional<VerifiedTokens.Entry> verified = verifiedTokens.find(token, entry -> entry.provider().publishes(entry.key()));
            if (verified.isPresent()) {
                return verified.get().identity();
            }
        }
        SignedJWT jwt = TokenVerifier.parseSigned(token);
        // read once, to find the issuer; trusted only after the signature over this payload has verified
        JWTClaimsSet payload = TokenVerifier.payloadClaims(jwt, null);
        String issuer = payload.getIssuer();
        ProviderClient client = null;
        for (ProviderClient candidate : providers.values()) {
            if (candidate.issuer().equals(issuer) && candidate.descriptor().accessTokenRules().isPresent()) {
                client = candidate;
                break;
            }
        }
        if (client == null) {
            throw new TokenRejectedException(Reason.TOKEN_FOREIGN, null, "iss", "no enabled provider accepts tokens from this issuer", null);
        }
        ProviderClient.Resolved resolved = client.resolved();
        TokenVerifier.VerifiedAccessToken verified = resolved.verifier().verifyAccessToken(jwt, payload);
        JWTClaimsSet claims = verified.claims();
        Set<String> groups = GroupsClaim.read(claims.getClaim(client.descriptor().groupsClaim()));
        Identity identity = new Identity(client.name(), claims.getSubject(), groups, claims.getClaims(), token,
                claims.getExpirationTime().toInstant(), Identity.Source.BEARER);
        // remembered with the very key that verified it (its kid named it, and no other key was tried), so that the
        // memory ends when that key leaves the provider's key set
        ProviderClient issuing = client;
        verified.key().ifPresent(key -> verifiedTokens.put(new VerifiedTokens.Entry(identity, issuing, key)));
        return identity;
    }

    private ProviderClient provider(String name) {
        ProviderClient client = providers.get(name);
        if (client == null) {
            throw new BadRequestException(Reason.UNKNOWN_PROVIDER, null, "provider is not enabled");
        }
        return client;
    }

    private TokenSet tokenSet(ProviderClient client, OIDCTokens tokens, Optional<String> idToken, Optional<String> previousRefreshToken) {
        Optional<String> refreshToken = Optional.ofNullable(tokens.getRefreshToken()).map(t -> t.getValue()).or(() -> previousRefreshToken);
        String tokenType = tokens.getAccessToken().getType().getValue();
        return new TokenSet(tokens.getAccessToken().getValue(), idToken, refreshToken,
                client.accessTokenExpiry(tokens.getAccessToken()), tokenType);
    }

    /**
     * The session's user from the ID token; groups from the ID token's groups claim or, when it has none (Auth0
     * puts {@code permissions} only in access tokens), from the access token if it validates for this service.
     */
    private Identity sessionIdentity(ProviderClient client, JWTClaimsSet idClaims, TokenSet tokens) {
        String groupsClaim = client.descriptor().groupsClaim();
        Set<String> groups = GroupsClaim.read(idClaims.getClaim(groupsClaim));
        if (idClaims.getClaim(groupsClaim) == null && client.descriptor().accessTokenRules().isPresent()) {
            try {
                JWTClaimsSet accessClaims = client.resolved().verifier().verifyAccessToken(TokenVerifier.parseSigned(tokens.accessToken())).claims();
                groups = GroupsClaim.read(accessClaims.getClaim(groupsClaim));
            } catch (TokenRejectedException e) {
                // an opaque or foreign access token carries no groups for us
            }
        }
        return new Identity(client.name(), idClaims.getSubject(), groups, idClaims.getClaims(),
                tokens.idToken().orElseThrow(), tokens.accessTokenExpiresAt(), Identity.Source.SESSION);
    }

    /** {@code auth_time} as parsed from a token (a Date) or read back from a session's claims (a Date or a number). */
    private static boolean sameInstant(Object a, Object b) {
        return epochSeconds(a) == epochSeconds(b);
    }

    private static long epochSeconds(Object time) {
        if (time instanceof java.util.Date date) {
            return date.getTime() / 1000;
        }
        return time instanceof Number number ? number.longValue() : Long.MIN_VALUE;
    }

    private static JWTClaimsSet toClaims(Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        return builder.build();
    }
}
