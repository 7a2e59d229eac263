package dev.portcullis.auth;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import org.eclipse.microprofile.config.Config;

/**
 * The provider-independent settings under {@code auth.*}, read once and checked at start-up. Immutable and thread-safe.
 * <p>
 * Keys: {@code auth.provider}, {@code auth.providers}, {@code auth.base-url}, {@code auth.session.secret},
 * and with defaults {@code auth.session.max-age} (PT12H), {@code auth.session.idle-timeout} (off),
 * {@code auth.clock-skew} (PT60S), {@code auth.http.timeout} (PT5S), {@code auth.http.max-concurrent} (16),
 * {@code auth.http.max-per-second} (20), {@code auth.refresh.api-callers} (false), {@code auth.discovery.retry-interval}
 * (PT10S), {@code auth.base-path} ({@code /auth}), {@code auth.default-return-to} ({@code /}),
 * {@code auth.post-logout-path} ({@code /}).
 */
public final class AuthSettings {

    static final String PROVIDER = "auth.provider";
    static final String PROVIDERS = "auth.providers";
    static final String BASE_URL = "auth.base-url";
    static final String SESSION_SECRET = "auth.session.secret";
    static final String SESSION_MAX_AGE = "auth.session.max-age";
    static final String SESSION_IDLE_TIMEOUT = "auth.session.idle-timeout";
    static final String CLOCK_SKEW = "auth.clock-skew";
    static final String HTTP_TIMEOUT = "auth.http.timeout";
    static final String HTTP_MAX_CONCURRENT = "auth.http.max-concurrent";
    static final String HTTP_MAX_PER_SECOND = "auth.http.max-per-second";
    static final String REFRESH_API_CALLERS = "auth.refresh.api-callers";
    static final String DISCOVERY_RETRY = "auth.discovery.retry-interval";
    static final String BASE_PATH = "auth.base-path";
    static final String DEFAULT_RETURN_TO = "auth.default-return-to";
    static final String POST_LOGOUT_PATH = "auth.post-logout-path";
    /** Used by a secret store integration of the service (see {@link #secretsTtl(Config)}), not by the relying party. */
    static final String SECRETS_TTL = "auth.secrets.ttl";
    /** How long a value read from a secret store is served when {@code auth.secrets.ttl} is not set. */
    public static final Duration DEFAULT_SECRETS_TTL = Duration.ofMinutes(5);
    static final Set<String> KEYS = Set.of(PROVIDER, PROVIDERS, BASE_URL, SESSION_SECRET, SESSION_MAX_AGE, SESSION_IDLE_TIMEOUT,
            CLOCK_SKEW, HTTP_TIMEOUT, HTTP_MAX_CONCURRENT, HTTP_MAX_PER_SECOND, REFRESH_API_CALLERS, DISCOVERY_RETRY, SECRETS_TTL, BASE_PATH, DEFAULT_RETURN_TO, POST_LOGOUT_PATH,
            Revocations.STORE, Revocations.MAX_STALENESS, Revocations.ON_OUTAGE, "auth.revocation.dynamodb.table");
    /** An endpoint's name under the base path: one path segment. */
    private static final Pattern ENDPOINT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_~-]*");

    /** At least 256 bits of key material per secret. */
    private static final int MIN_SECRET_BYTES = 32;

    private final String defaultProvider;
    private final List<String> enabledProviders;
    private final URI baseUrl;
    private final List<byte[]> sessionSecrets;
    private final Duration sessionMaxAge;
    private final Optional<Duration> sessionIdleTimeout;
    private final Duration clockSkew;
    private final Duration httpTimeout;
    private final CallBounds callBounds;
    private final boolean apiCallerRefresh;
    private final Duration discoveryRetryInterval;
    private final String basePath;
    private final ReturnTo defaultReturnTo;
    private final String postLogoutPath;

    private AuthSettings(ConfigValues values, Collection<String> installed) {
        List<String> listed = values.list(PROVIDERS);
        this.defaultProvider = values.value(PROVIDER)
                // the first enabled provider, or the only provider module there is: one fewer line to configure
                .or(() -> listed.stream().findFirst())
                .or(() -> installed.size() == 1 ? installed.stream().findFirst() : Optional.empty())
                .orElseGet(() -> values.require(PROVIDER));
        if (listed.isEmpty()) {
            this.enabledProviders = List.of(defaultProvider);
        } else {
            if (!listed.contains(defaultProvider)) {
                throw new AuthConfigurationException(PROVIDERS, "must include the default provider '" + defaultProvider
                        + "' named by " + PROVIDER);
            }
            // default first, as documented: it is the first sign-in button
            Set<String> ordered = new LinkedHashSet<>();
            ordered.add(defaultProvider);
            ordered.addAll(listed);
            this.enabledProviders = List.copyOf(ordered);
        }
        this.baseUrl = ConfigValues.withoutTrailingSlash(ConfigValues.checkedUrl(BASE_URL, values.require(BASE_URL)));
        this.sessionSecrets = values.keys(SESSION_SECRET, MIN_SECRET_BYTES);
        this.sessionMaxAge = positive(SESSION_MAX_AGE, values.duration(SESSION_MAX_AGE, Duration.ofHours(12)));
        this.sessionIdleTimeout = idleTimeout(values, sessionMaxAge);
        this.clockSkew = values.duration(CLOCK_SKEW, Duration.ofSeconds(60));
        if (clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new AuthConfigurationException(CLOCK_SKEW, "must be at most PT5M");
        }
        this.httpTimeout = positive(HTTP_TIMEOUT, values.duration(HTTP_TIMEOUT, Duration.ofSeconds(5)));
        this.callBounds = new CallBounds(values.integer(HTTP_MAX_CONCURRENT, 16, 2, 10_000),
                values.integer(HTTP_MAX_PER_SECOND, 20, 2, 100_000));
        this.apiCallerRefresh = values.flag(REFRESH_API_CALLERS, false);
        this.discoveryRetryInterval = values.duration(DISCOVERY_RETRY, Duration.ofSeconds(10));
        this.basePath = values.basePath(BASE_PATH, "/auth");
        this.defaultReturnTo = values.localPath(DEFAULT_RETURN_TO).orElse(ReturnTo.ROOT);
        this.postLogoutPath = values.localPath(POST_LOGOUT_PATH).map(ReturnTo::path).orElse("/");
        // used by a secret store while configuration is still being built, where a failure could not be reported in
        // one line: checked here with the other settings
        secretsTtl(values);
    }

    /**
     * Reads and checks the settings.
     *
     * @param config MicroProfile Config
     * @return the settings
     * @throws AuthConfigurationException naming the first key that is missing or wrong
     */
    public static AuthSettings from(Config config) {
        return from(ConfigValues.of(config), List.of());
    }

    /**
     * Reads and checks the settings, where {@code auth.provider} may default to the only provider module installed.
     *
     * @param values    the configuration
     * @param installed the names of the installed provider modules
     * @return the settings
     */
    static AuthSettings from(ConfigValues values) {
        return from(values, List.of());
    }

    static AuthSettings from(ConfigValues values, Collection<String> installed) {
        return new AuthSettings(values, installed);
    }

    /**
     * How long a value read from a secret store is served before it is read again ({@code auth.secrets.ttl}: seconds
     * or an ISO-8601 duration, default PT5M), read on its own because a secret store is set up while configuration
     * is still being built, before the other settings can be read. {@link #from(Config)} checks it too.
     *
     * @param config MicroProfile Config
     * @return the time to live
     * @throws AuthConfigurationException naming the key, when the value is not a duration or is negative
     */
    public static Duration secretsTtl(Config config) {
        return secretsTtl(ConfigValues.of(config));
    }

    private static Duration secretsTtl(ConfigValues values) {
        return values.duration(SECRETS_TTL, DEFAULT_SECRETS_TTL);
    }

    /**
     * The provider a login uses when the request names none ({@code auth.provider}).
     *
     * @return the provider name
     */
    public String defaultProvider() {
        return defaultProvider;
    }

    /**
     * The providers a login may choose ({@code auth.providers}, default: just the default provider).
     *
     * @return provider names, default first
     */
    public List<String> enabledProviders() {
        return enabledProviders;
    }

    /**
     * The public base URL of the service ({@code auth.base-url}), without trailing slash.
     *
     * @return the base URL
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Where this service's sign-in endpoints live ({@code auth.base-path}, default {@code /auth}): a path below the
     * root without trailing slash.
     *
     * @return for example {@code /auth}
     */
    public String basePath() {
        return basePath;
    }

    /**
     * The URL of one of this service's sign-in endpoints: {@code ${auth.base-url}${auth.base-path}/<name>}.
     *
     * @param name the endpoint, one path segment such as {@code login}, {@code callback} or {@code logout}
     * @return the URL
     * @throws IllegalArgumentException when the name is not one path segment of letters, digits, {@code -},
     *                                  {@code _} or {@code ~}
     */
    public URI endpoint(String name) {
        if (name == null || !ENDPOINT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an endpoint name is one path segment, such as login");
        }
        return URI.create(baseUrl + basePath + "/" + name);
    }

    /**
     * The one redirect URI registered at every provider: exactly {@code ${auth.base-url}${auth.base-path}/callback}.
     * Never derived from {@code Host} or {@code X-Forwarded-*}.
     *
     * @return the redirect URI
     */
    public URI redirectUri() {
        return endpoint("callback");
    }

    /**
     * Where a sign-in returns when no safe {@code return_to} was asked for ({@code auth.default-return-to}, default
     * {@code /}).
     *
     * @return the path
     */
    public ReturnTo defaultReturnTo() {
        return defaultReturnTo;
    }

    /**
     * Where a browser returns after signing out ({@code auth.post-logout-path}, default {@code /}): from the provider's
     * logout, or straight away when the provider has none.
     *
     * @return the path, starting with {@code /}
     */
    public String postLogoutPath() {
        return postLogoutPath;
    }

    /**
     * An absolute URL inside this service, for redirects: the base URL plus an application path.
     *
     * @param path the application path, starting with {@code /}
     * @return the URL
     */
    public URI resolve(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("application paths start with /");
        }
        return URI.create(baseUrl + path);
    }

    /**
     * The sign-in URL that starts a login and comes back to the given path:
     * {@code ${auth.base-url}${auth.base-path}/login?provider=..&return_to=..}, without {@code return_to} when the
     * path is {@link #defaultReturnTo()}.
     *
     * @param provider the provider to sign in with, or empty for the default one
     * @param returnTo where to return after sign-in
     * @return the URL
     */
    public URI loginUri(Optional<String> provider, ReturnTo returnTo) {
        return loginUri(provider, returnTo, Map.of());
    }

    /**
     * The sign-in URL for a provider, with parameters for it to pass through: a federated identity provider's button.
     *
     * @param provider   the provider, or empty for the default
     * @param returnTo   where to return after sign-in
     * @param parameters parameters the provider passes through ({@code identity_provider=Google})
     * @return {@code <base-url><base-path>/login?provider=…&…&return_to=…}
     */
    public URI loginUri(Optional<String> provider, ReturnTo returnTo, Map<String, String> parameters) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        provider.ifPresent(name -> query.put("provider", List.of(name)));
        parameters.forEach((name, value) -> query.put(name, List.of(value)));
        if (!returnTo.equals(defaultReturnTo)) {
            query.put("return_to", List.of(returnTo.path()));
        }
        String encoded = URLUtils.serializeParameters(query);
        return URI.create(endpoint("login") + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    /**
     * The provider a request means: the one it names, else the default ({@code auth.provider}).
     *
     * @param requested the provider named by the request, may be null or blank
     * @return the provider's name; not checked against the enabled ones
     */
    public String providerOrDefault(String requested) {
        return requested == null || requested.isBlank() ? defaultProvider : requested;
    }

    /**
     * Where a sign-in that asked to return to {@code requested} returns: there when it is a path inside this service,
     * else {@code auth.default-return-to}.
     *
     * @param requested the {@code return_to} asked for, may be null
     * @return where to return
     */
    public ReturnTo returnTo(String requested) {
        return ReturnTo.local(requested).orElse(defaultReturnTo);
    }

    /**
     * Whether cookies are marked {@code Secure} and get the {@code __Host-} prefix: when the base URL is https.
     *
     * @return whether the base URL is https
     */
    public boolean secureCookies() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }

    /**
     * How long a session lives at most, whatever refreshes happen ({@code auth.session.max-age}).
     *
     * @return the maximum session age
     */
    public Duration sessionMaxAge() {
        return sessionMaxAge;
    }

    /**
     * How long a session may go unused before it ends ({@code auth.session.idle-timeout}), however long before its
     * maximum age: at least a minute, at most {@link #sessionMaxAge()}.
     *
     * @return the timeout, or empty when sessions do not end for being idle (the default)
     */
    public Optional<Duration> sessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    /**
     * The clock skew allowed on {@code exp}, {@code nbf} and {@code iat} ({@code auth.clock-skew}).
     *
     * @return the skew
     */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * The timeout of each call to a provider ({@code auth.http.timeout}).
     *
     * @return the timeout
     */
    public Duration httpTimeout() {
        return httpTimeout;
    }

    /**
     * The bound on calls to each provider with the client's credentials ({@code auth.http.max-concurrent}, default 16;
     * {@code auth.http.max-per-second}, default 20), per instance.
     *
     * @return the bound
     */
    public CallBounds callBounds() {
        return callBounds;
    }

    /**
     * Whether {@code POST /auth/refresh} refreshes a refresh token an API caller sends ({@code auth.refresh.api-callers},
     * default false). Off by default: anyone can send one, and each makes a call with this service's client credentials.
     *
     * @return whether API callers' refresh tokens are refreshed
     */
    public boolean apiCallerRefresh() {
        return apiCallerRefresh;
    }

    /**
     * A per-instance bound on the calls to one provider that use the client's credentials.
     *
     * @param maxConcurrent calls in flight at once, at least 2
     * @param maxPerSecond  calls started per second, at least 2
     */
    public record CallBounds(int maxConcurrent, int maxPerSecond) {
    }

    /**
     * How long to wait before retrying a provider's discovery after it failed
     * ({@code auth.discovery.retry-interval}).
     *
     * @return the interval
     */
    public Duration discoveryRetryInterval() {
        return discoveryRetryInterval;
    }

    List<byte[]> sessionSecrets() {
        return sessionSecrets;
    }

    @Override
    public String toString() {
        return "AuthSettings[baseUrl=" + baseUrl + ", providers=" + enabledProviders + ", default=" + defaultProvider
                + ", sessionKeys=" + sessionSecrets.size() + "]";
    }

    /**
     * The last use is recorded to the minute ({@link IdleTimeout#RESEAL_INTERVAL}), so a shorter timeout cannot be kept;
     * one longer than the maximum age would never end a session.
     */
    private static Optional<Duration> idleTimeout(ConfigValues values, Duration maxAge) {
        if (values.value(SESSION_IDLE_TIMEOUT).isEmpty()) {
            return Optional.empty();
        }
        Duration timeout = positive(SESSION_IDLE_TIMEOUT, values.duration(SESSION_IDLE_TIMEOUT, Duration.ZERO));
        if (timeout.compareTo(IdleTimeout.RESEAL_INTERVAL) < 0) {
            throw new AuthConfigurationException(SESSION_IDLE_TIMEOUT, "must be at least PT1M: a session's last use is recorded to the minute");
        }
        if (timeout.compareTo(maxAge) > 0) {
            throw new AuthConfigurationException(SESSION_IDLE_TIMEOUT, "must be at most " + SESSION_MAX_AGE + " (" + maxAge + ")");
        }
        return Optional.of(timeout);
    }

    private static Duration positive(String key, Duration value) {
        if (value.isZero()) {
            throw new AuthConfigurationException(key, "must be more than zero");
        }
        return value;
    }
}
