package dev.portcullis.auth;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;

import org.eclipse.microprofile.config.Config;

import dev.portcullis.auth.spi.OidcProviderFactory;

/**
 * The OpenID Connect relying party and bearer-token verifier for every enabled provider: the one entry
 * point a host (a JAX-RS resource, a security provider, a Lambda handler) calls. It keeps no per-user
 * state: what a login or a session needs travels in encrypted cookies, so any instance serves any request.
 * <p>
 * Built once at start-up from MicroProfile Config; immutable apart from each provider's discovery result,
 * and thread-safe. Each flow is its own class; this one only hands each call to its flow.
 */
public final class OidcRelyingParty {

    private final AuthSettings settings;
    private final ProviderRegistry providers;
    private final LoginStateCodec loginStates;
    private final SessionCookieCodec sessions;
    private final LoginSecrets loginSecrets = new LoginSecrets();
    private final LoginStart loginStart;
    private final LoginCompletion loginCompletion;
    private final TokenRefresh tokenRefresh;
    private final IdleTimeout idleTimeout;
    private final Logout logout;
    private final BearerVerification bearerVerification;
    private final OutgoingClients outgoingClients;
    private final Clock clock;
    private final Revocations revocations;
    private final BackChannelLogout backChannelLogout;

    private OidcRelyingParty(ConfigValues values, AuthSettings settings, ProviderRegistry providers, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.providers = providers;
        CookieNames names = new CookieNames(settings.secureCookies());
        this.loginStates = new LoginStateCodec(new CookieCipher(settings.sessionSecrets(), "login"), names, settings.secureCookies());
        this.sessions = new SessionCookieCodec(new CookieCipher(settings.sessionSecrets(), "session"), names,
                settings.secureCookies(), Set.copyOf(settings.enabledProviders()), clock);
        IssuedTokens issued = new IssuedTokens(clock);
        this.loginStart = new LoginStart(settings, providers, loginSecrets, loginStates, clock);
        this.loginCompletion = new LoginCompletion(settings, providers, loginStates, issued, clock);
        this.tokenRefresh = new TokenRefresh(providers, issued, clock, settings.apiCallerRefresh());
        this.idleTimeout = new IdleTimeout(settings.sessionIdleTimeout(), clock);
        this.logout = new Logout(settings, providers);
        this.bearerVerification = new BearerVerification(providers, clock);
        this.outgoingClients = new OutgoingClients(values, settings, providers, clock);
        this.revocations = Revocations.create(values, settings, clock, ProviderRegistry.installedRevocationStores());
        this.backChannelLogout = new BackChannelLogout(providers, revocations);
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
        return create(ConfigValues.of(config), clock, ProviderRegistry.installedFactories(), ProviderRegistry.installedRotations(),
                listener);
    }

    /**
     * Every configuration key this module and the installed provider modules read: {@code auth.*} settings, and for
     * each provider {@code auth.<name>.client-id}, {@code .client-secret} and its own settings. For checking a
     * deployment's configuration (and a template's environment variables) against what is known.
     *
     * @return the keys, sorted
     */
    public static SortedSet<String> knownKeys() {
        return ProviderRegistry.knownKeys();
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
        AuthSettings settings = AuthSettings.from(values, factories.keySet());
        return new OidcRelyingParty(values, settings, ProviderRegistry.create(values, settings, clock, factories, rotations, listener), clock);
    }

    /**
     * Why a caller's sign-in does not meet what a resource demands (step-up, RFC 9470), now.
     *
     * @param requirement what the resource demands
     * @param caller      the caller: its ID token's claims for a session, its access token's for a bearer caller
     * @return why not; empty when it does
     */
    public Optional<Reason> unmetSignInRequirement(SignInRequirement requirement, Identity caller) {
        return requirement.unmetBy(caller.claims(), clock.instant(), settings.clockSkew());
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
        return providers.infos();
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
        return providers.ready(provider);
    }

    /**
     * {@link #ready(String)} of every enabled provider, asked in parallel (a probe waits for the slowest provider, not
     * for their sum).
     *
     * @return each enabled provider's readiness, default provider first
     */
    public Map<String, Boolean> readiness() {
        return providers.readiness();
    }

    /**
     * Fetches every enabled provider's discovery document once. Providers that cannot be reached are retried
     * on demand later; a document that contradicts the configuration fails.
     *
     * @throws AuthConfigurationException when a provider's discovery document names another issuer
     */
    public void warmUp() {
        providers.warmUp();
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
        providers.requireDiscovery();
    }

    /**
     * Readies everything a first request would otherwise wait for, for a snapshot (AWS Lambda SnapStart) or a warm-up:
     * each provider's discovery document and signing keys are fetched, and the token validator runs once on a
     * synthetic token (which it refuses) so its classes are loaded.
     *
     * @return the providers whose discovery and keys are ready
     */
    public List<String> prime() {
        List<ProviderClient> ready = providers.primeKeys();
        ready.forEach(bearerVerification::exercise);
        return ready.stream().map(ProviderClient::name).toList();
    }

    /**
     * Makes this instance independent of the snapshot it was restored from (AWS Lambda SnapStart): a fresh random
     * generator for state, nonce and PKCE (instances restored from one snapshot must not share one), signing keys
     * read anew on next use (the snapshot's copy may be days old), and so every bearer token verified again, and every
     * installed {@link SecretRotation} told to {@linkplain SecretRotation#expireCachedSecrets() expire its cached
     * secrets}.
     */
    public void afterRestore() {
        loginSecrets.reseed();
        providers.afterRestore();
        bearerVerification.forgetVerifiedTokens();
        outgoingClients.forgetTokens();
    }

    /**
     * Checks an outgoing client's configuration ({@code auth.clients.<name>.*}) without asking its provider: for the
     * host to call at start-up for every client its REST clients name, so a wrong one stops start-up.
     *
     * @param client the client's name
     * @throws AuthConfigurationException naming the first of its keys that is missing or wrong
     */
    public void requireOutgoingClient(String client) {
        outgoingClients.client(client);
    }

    /**
     * The access token an outgoing client, {@code auth.clients.<name>}, sends: its own {@code client_credentials} token,
     * for calls made on this service's own behalf (kept until shortly before it expires; one token request for a burst
     * of calls), or with {@code .grant=token-exchange} the caller's token exchanged for one meant for the client's
     * audience (RFC 8693). Dropped by {@link #afterRestore()}.
     *
     * @param client the client's name
     * @param caller the access token of the caller the call is made for, if any: what a token exchange exchanges, at
     *               the provider that issued it only
     * @return the access token
     * @throws OutgoingTokenException     when the provider refused the client or its scopes, could not be asked, or an
     *                                    exchange has no caller token or one of another provider
     * @throws AuthConfigurationException when the client's configuration is missing or wrong
     */
    public String outgoingClientToken(String client, Optional<CallerAccessToken> caller) {
        return outgoingClients.client(client).accessToken(caller);
    }

    /**
     * The failure of an outgoing call that needs the caller's token, made for a request that has none.
     *
     * @return the exception to throw; the call is not sent
     */
    public OutgoingTokenException noCallerToken() {
        return new OutgoingTokenException(Reason.NO_CALLER_TOKEN, null, null,
                "the request has no caller token to send on: no bearer token, no session", null);
    }

    /**
     * The failure of an outgoing call whose token source was not chosen: the REST client interface that declares the
     * method has no {@code @OutgoingToken}.
     *
     * @return the exception to throw; the call is not sent
     */
    public OutgoingTokenException outgoingTokenUnchosen() {
        return new OutgoingTokenException(Reason.MISCONFIGURED, null, null,
                "the interface that declares the called method has no @OutgoingToken: the call is not sent", null);
    }

    /**
     * The outgoing clients used so far, each with whether its provider accepted it the last time it was asked (a
     * client not asked yet counts as accepted): for readiness.
     *
     * @return accepted or not, by client name
     */
    public Map<String, Boolean> outgoingClientReadiness() {
        return outgoingClients.readiness();
    }

    LoginSecrets loginSecrets() {
        return loginSecrets;
    }

    /**
     * Starts a sign-in: an authorization request with PKCE (S256), a fresh state and nonce, and the
     * login-state cookie that carries them to the callback.
     *
     * @param provider the requested provider, or empty for the default
     * @param returnTo the requested path to return to after sign-in; a missing or unsafe one becomes
     *                 {@code auth.default-return-to}
     * @return where to send the browser and the cookie to set
     * @throws BadRequestException        when the provider is not enabled
     * @throws ProviderUnavailableException when the provider's discovery cannot be read
     */
    public LoginRedirect startLogin(Optional<String> provider, String returnTo) {
        return loginStart.start(provider, returnTo, Map.of());
    }

    /**
     * Starts a sign-in as {@link #startLogin(Optional, String)} does, passing through the request's parameters the
     * provider allows ({@code auth.<name>.forward-params}, a configured federated identity provider); others are ignored.
     *
     * @param provider   the requested provider, or empty for the default
     * @param returnTo   the requested path to return to after sign-in
     * @param parameters the sign-in request's query parameters
     * @return where to send the browser and the cookie to set
     * @throws BadRequestException          when the provider is not enabled, or a parameter passed through is repeated,
     *                                      too long, or names an identity provider that is not configured
     * @throws ProviderUnavailableException when the provider's discovery cannot be read
     */
    public LoginRedirect startLogin(Optional<String> provider, String returnTo, Map<String, List<String>> parameters) {
        return loginStart.start(provider, returnTo, parameters);
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
        return loginCompletion.complete(callback, loginStateCookie);
    }

    /**
     * Refreshes a browser session's tokens. The provider's new refresh token, when it sends one, replaces the
     * old one (Auth0 and Cognito may rotate them). A new ID token must name the same user at the same issuer.
     *
     * @param session the session
     * @return the refreshed session; its creation and expiry times are unchanged, its last use is now
     * @throws SessionEndedException        when the provider refuses the refresh token, the session has none,
     *                                      or the new ID token names someone else
     * @throws ProviderUnavailableException when the provider cannot be reached
     */
    public Session refresh(Session session) {
        return tokenRefresh.refresh(session);
    }

    /**
     * Whether a browser session should be refreshed before it serves a request: its access token expires within a
     * minute and there is a refresh token to refresh it with, or its access token has already expired (then
     * {@link #refreshSession(Session)} ends a session that has no refresh token), or it was not used for
     * {@code auth.session.idle-timeout} (then {@link #refreshSession(Session)} ends it without asking the provider).
     *
     * @param session the session
     * @return whether to call {@link #refreshSession(Session)} first
     */
    public boolean needsRefresh(Session session) {
        return idleTimeout.passed(session) || tokenRefresh.needsRefresh(session);
    }

    /**
     * Records that a request used a browser session, for {@code auth.session.idle-timeout}: the session with its last
     * use moved to now, when that is due (an idle timeout is set, and at least a minute has passed since the use its
     * cookie records), so that the host writes its cookies with the answer; else empty, and the cookies stay as they
     * are. For a session that {@link #needsRefresh(Session) needs no refresh}; a refreshed one records its use itself.
     *
     * @param session the session serving the request
     * @return the session to write, or empty when there is nothing to write
     */
    public Optional<Session> touch(Session session) {
        return idleTimeout.touch(session);
    }

    /**
     * Refreshes a browser session's tokens, as {@link #refresh(Session)} does, and says what the outcome means for the
     * session and its cookies: refreshed, postponed (nothing changes, the old session keeps serving), ended (clear the
     * cookies) or failed (refuse, but keep the cookies). {@link SessionRefresh} has the rule. A session not used for
     * {@code auth.session.idle-timeout} has ended ({@link Reason#SESSION_IDLE}), and the provider is not asked. The
     * refreshed session's last use is now.
     *
     * @param session the session
     * @return the outcome; never throws for a refresh that failed
     */
    public SessionRefresh refreshSession(Session session) {
        Optional<SessionRefresh.Ended> revoked = revoked(session);
        if (revoked.isPresent()) {
            return revoked.get();
        }
        return idleTimeout.passed(session) ? idleTimeout.ended(session) : tokenRefresh.refreshSession(session);
    }

    /**
     * Whether a session was ended on any instance ({@code auth.revocation.store}): by a logout elsewhere with a copy of
     * its cookie, or by back-channel logout from its provider. Looked up at most every
     * {@code auth.revocation.max-staleness} per instance.
     *
     * @param session the session
     * @return the session's end ({@link Reason#SESSION_REVOKED}), or empty while it lives
     * @throws ProviderUnavailableException with {@link Reason#REVOCATION_STORE_DOWN} when the store cannot be read and
     *                                      {@code auth.revocation.on-outage=deny}
     */
    public Optional<SessionRefresh.Ended> revoked(Session session) {
        return revocations.revoked(session) ? Optional.of(new SessionRefresh.Ended(session, new SessionEndedException(
                Reason.SESSION_REVOKED, session.provider(), "the session was ended on another instance or by its provider", null)))
                : Optional.empty();
    }

    /**
     * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): ends on every instance the sessions a provider's
     * logout token names.
     *
     * @param logoutToken the {@code logout_token} the provider posted
     * @throws TokenRejectedException       when it is not a valid logout token of an enabled provider, or was used before
     * @throws BadRequestException          when no revocation store is configured
     * @throws ProviderUnavailableException when the provider's keys or the store cannot be reached
     */
    public void backChannelLogout(String logoutToken) {
        backChannelLogout.accept(logoutToken);
    }

    /**
     * The revocation store, for readiness.
     *
     * @return its name ({@code none}, {@code memory}, {@code dynamodb}) and whether it can be read now
     */
    public Map.Entry<String, Boolean> revocationStore() {
        return Map.entry(revocations.storeName(), revocations.reachable());
    }

    /**
     * Whether sessions are refused while the revocation store cannot be read ({@code auth.revocation.on-outage=deny}).
     *
     * @return true for deny, false for allow
     */
    public boolean revocationDeniesOnOutage() {
        return revocations.deniesOnOutage();
    }

    /**
     * Refreshes tokens for an API caller that holds its own refresh token.
     *
     * @param provider     the provider that issued it
     * @param refreshToken the refresh token
     * @return the provider's new tokens, with the new refresh token or the old one when none was issued
     * @throws BadRequestException          when API callers' refresh tokens are not accepted ({@code auth.refresh.api-callers}),
     *                                      the token cannot be one, or the provider is not enabled; the provider is not asked
     * @throws SessionEndedException        when the provider refuses the refresh token
     * @throws ProviderUnavailableException when the provider cannot be reached, or this instance's bound on calls to it
     *                                      is reached ({@link Reason#PROVIDER_BUSY})
     */
    public TokenSet refresh(String provider, String refreshToken) {
        return tokenRefresh.refresh(provider, refreshToken);
    }

    /**
     * Ends a session at the provider: revokes its refresh token where the provider allows, and gives the
     * provider's logout URL, which returns to {@code ${auth.base-url}${auth.post-logout-path}}. The host clears the
     * cookies.
     *
     * @param session the session being ended, if the request had one
     * @return where to send the browser: the provider's logout URL, or {@code ${auth.base-url}${auth.post-logout-path}}
     */
    public URI logout(Optional<Session> session) {
        // ended everywhere first: a copy of the cookie taken before this logout is refused on every instance
        session.ifPresent(ended -> {
            try {
                revocations.revoke(ended);
            } catch (ProviderUnavailableException e) {
                // the sign-out goes on (its cookies are cleared); a copy of them lives until the store is back
                System.getLogger(OidcRelyingParty.class.getName()).log(System.Logger.Level.WARNING,
                        "logout of a {0} session could not be recorded in the revocation store: {1}", ended.provider(), e.getMessage());
            }
        });
        return logout.logout(session);
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
        return logout.origin(provider);
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
        return bearerVerification.verify(token);
    }
}
