package dev.portcullis.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The OpenID provider of a test: a JUnit 5 extension that starts the {@link EmbeddedProvider} on loopback, shaped as a
 * generic OpenID Connect provider ({@code oidc}), an Auth0 tenant ({@code auth0}) or a Cognito user pool
 * ({@code cognito}), configures Portcullis for it, and signs users in.
 * <pre>{@code
 * @HelidonTest
 * class OrdersTest {
 *     @RegisterExtension
 *     static final TestProvider PROVIDER = TestProvider.shapedAs("cognito");
 *
 *     @Test
 *     void staffSeeEveryOrder() {
 *         String token = PROVIDER.bearerToken(TestUser.named("alice").inGroups("staff"));
 *         // GET PROVIDER.url("/orders") with "Authorization: Bearer " + token
 *     }
 * }
 * }</pre>
 * The configuration it supplies ({@link #settings()}: {@code auth.*}, {@code server.host} 127.0.0.1 and a free
 * {@code server.port}) reaches the application through a MicroProfile Config source this module registers, at ordinal
 * {@value #CONFIG_ORDINAL}: above Helidon's test configuration, so the port it chose holds. It is active from the
 * moment this object is created (a static field of the test class, so before Helidon starts the application) until
 * the test class ends; add settings of the test's own with {@link Builder#setting(String, String)}. The same holds for
 * an application booted by the Lambda handler in the test's JVM.
 * <p>
 * One test provider is active at a time: creating another closes the one before, so a test class that did not
 * register its provider as an extension (and so never had it closed) leaves neither a running provider nor its
 * settings behind. Test classes that each have their own run one after the other, as JUnit runs them by default.
 * <p>
 * Sessions are real: {@link #sessionCookie(TestUser)} signs the user in through Portcullis' own relying party
 * (authorization request with PKCE, the provider's login form, the code exchange, the ID token validation), with the
 * application's session secret, so the application accepts the cookie as one it issued. Bearer tokens are the
 * provider's own access tokens, from an authorization code flow run against it.
 */
public final class TestProvider implements AfterAllCallback, AutoCloseable {

    /** The ordinal of the configuration this supplies. */
    public static final int CONFIG_ORDINAL = 1100;

    private final EmbeddedProvider provider;
    private final FaultyProvider faulty;
    private final String defaultProvider;
    private final String sessionSecret;
    private final Map<String, String> settings;
    private final URI baseUrl;
    private final URI serverUrl;
    private final SessionSignIn sessions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestProvider(Builder builder) {
        this.provider = EmbeddedProvider.start(builder.options);
        this.faulty = builder.faulty ? faultyProxyInFrontOf(provider) : null;
        this.defaultProvider = builder.providers.get(0);
        this.sessionSecret = builder.sessionSecret == null ? ApplicationSettings.randomSessionSecret() : builder.sessionSecret;
        int port = ApplicationSettings.freePort();
        this.serverUrl = URI.create("http://127.0.0.1:" + port);
        this.baseUrl = builder.baseUrl == null ? serverUrl : builder.baseUrl;
        this.settings = ApplicationSettings.of(builder.providers, providerOrigin(), port, baseUrl, sessionSecret, builder.settings);
        this.sessions = new SessionSignIn(settings);
        ActiveProvider.activate(this);
    }

    /**
     * One provider of that shape, the application's only one.
     *
     * @param shape {@code oidc}, {@code auth0} or {@code cognito}
     * @return the running provider, its configuration active
     */
    public static TestProvider shapedAs(String shape) {
        return builder().providers(shape).build();
    }

    /** {@return a builder of a provider to shape further} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return every setting this supplies to the application: {@code auth.*}, {@code server.host} and
     * {@code server.port}, and the test's own}
     */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * {@return the session secret the application seals its sessions with, base64} It is the one given to
     * {@link Builder#sessionSecret(String)}, or one generated for this provider; and {@code auth.session.secret} unless
     * a setting of the test's own replaced that (with a reference to a secret store that holds it, say).
     */
    public String sessionSecret() {
        return sessionSecret;
    }

    /**
     * {@return the application's public base URL, {@code auth.base-url}: the server's own, unless the builder named
     * another}
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * A URL of the Helidon server under test, on loopback.
     *
     * @param pathAndQuery a path, with its query if any
     * @return the URL
     */
    public URI url(String pathAndQuery) {
        return URI.create(serverUrl + pathAndQuery);
    }

    /**
     * {@return the embedded provider, for what a test asks of it beyond signing in: the requests it received, a rotated
     * key, a rewritten ID token}
     */
    public EmbeddedProvider provider() {
        return provider;
    }

    /**
     * The proxy the application reaches the provider through, to break it: see {@link Builder#throughFaultyProvider()}.
     *
     * @return the proxy
     * @throws IllegalStateException when the builder did not ask for one
     */
    public FaultyProvider faultyProvider() {
        if (faulty == null) {
            throw new IllegalStateException("this test provider has no faulty proxy: build it with throughFaultyProvider()");
        }
        return faulty;
    }

    /**
     * An access token for a user, from the default provider: for {@code Authorization: Bearer}.
     *
     * @param user the user
     * @return the provider's access token
     */
    public String bearerToken(TestUser user) {
        return bearerToken(defaultProvider, user);
    }

    /**
     * An access token for a user, from one of the enabled providers, with the user's groups in that provider's groups
     * claim.
     *
     * @param shape the provider
     * @param user  the user
     * @return the provider's access token
     */
    public String bearerToken(String shape, TestUser user) {
        Map<String, Object> tokens = ApiCallerTokens.tokens(providerOrigin(), TenantShape.named(shape), user.subject(),
                claimsJson(shape, user));
        return (String) tokens.get("access_token");
    }

    /**
     * A signed-in browser session for a user, at the default provider, as a {@code Cookie} header value.
     *
     * @param user the user
     * @return {@code name=value} pairs joined with {@code "; "}
     */
    public String sessionCookie(TestUser user) {
        return sessionCookie(defaultProvider, user);
    }

    /**
     * A signed-in browser session for a user, at one of the enabled providers, as a {@code Cookie} header value.
     *
     * @param shape the provider
     * @param user  the user
     * @return {@code name=value} pairs joined with {@code "; "}
     */
    public String sessionCookie(String shape, TestUser user) {
        return sessionCookies(shape, user).entrySet().stream()
                .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

    /**
     * A signed-in browser session for a user: the session cookies by name (one, or a few chunks for a large session),
     * signed in through Portcullis' relying party against the provider, sealed with the application's session secret.
     *
     * @param shape the provider
     * @param user  the user
     * @return cookie values by name
     */
    public Map<String, String> sessionCookies(String shape, TestUser user) {
        return sessions.sessionCookies(shape, user.subject(), claimsJson(shape, user));
    }

    /**
     * Stops the provider and withdraws its configuration, when the test class ends.
     *
     * @param context the test class's context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Stops the provider (and its faulty proxy, if any) and withdraws its configuration; again does nothing. */
    @Override
    public void close() {
        ActiveProvider.deactivate(this);
        if (closed.compareAndSet(false, true)) {
            if (faulty != null) {
                faulty.close();
            }
            provider.close();
        }
    }

    private static FaultyProvider faultyProxyInFrontOf(EmbeddedProvider provider) {
        try {
            return FaultyProvider.inFrontOf(provider);
        } catch (RuntimeException e) {
            // nothing will ever close this test provider: leave no provider running
            provider.close();
            throw e;
        }
    }

    /** Where the application reaches the provider: directly, or through the faulty proxy. */
    private URI providerOrigin() {
        return faulty == null ? provider.base() : faulty.base();
    }

    private static String claimsJson(String shape, TestUser user) {
        return JSONObjectUtils.toJSONString(user.tokenClaims(TenantShape.named(shape).groupsClaim()));
    }

    /** How to shape the provider and the application's configuration. */
    public static final class Builder {
        private final List<String> providers = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private EmbeddedProvider.Options options = EmbeddedProvider.Options.defaults();
        private URI baseUrl;
        private String sessionSecret;
        private boolean faulty;

        private Builder() {
        }

        /**
         * The providers to enable, the first the default ({@code auth.provider}). With more than one, they are
         * {@code auth.providers}; one is {@code auth.provider} alone.
         *
         * @param shapes {@code oidc}, {@code auth0}, {@code cognito}
         * @return this builder
         */
        public Builder providers(String... shapes) {
            for (String shape : shapes) {
                providers.add(TenantShape.named(shape).tenant());
            }
            return this;
        }

        /**
         * How the provider behaves: refresh token rotation, token lifetime, RFC 9207, ...
         *
         * @param options the options
         * @return this builder
         */
        public Builder options(EmbeddedProvider.Options options) {
            this.options = options;
            return this;
        }

        /**
         * The application's public base URL, {@code auth.base-url}, when it is not the test server's: an API Gateway
         * stage for an application served by the Lambda handler, say.
         *
         * @param baseUrl the base URL
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = URI.create(baseUrl);
            return this;
        }

        /**
         * The session secret, {@code auth.session.secret}, instead of one generated for the test provider: for a
         * test that needs to know it before the provider starts. {@link TestProvider#sessionSecret()} gives either.
         *
         * @param base64 256 bits or more, base64
         * @return this builder
         */
        public Builder sessionSecret(String base64) {
            if (base64 == null || base64.isBlank()) {
                throw new IllegalArgumentException("a session secret is a base64 key, not blank");
            }
            this.sessionSecret = base64;
            return this;
        }

        /**
         * Puts a {@link FaultyProvider} between the application and the provider: the settings name the proxy, and
         * {@link TestProvider#faultyProvider()} breaks and heals its endpoints. Bearer tokens and sessions are
         * obtained through it too.
         *
         * @return this builder
         */
        public Builder throughFaultyProvider() {
            this.faulty = true;
            return this;
        }

        /**
         * One more setting for the application, or one that replaces a setting this supplies.
         *
         * @param key   the key
         * @param value the value
         * @return this builder
         */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * Starts the provider and makes its configuration the application's, in place of any other test provider's.
         *
         * @return the provider
         */
        public TestProvider build() {
            if (providers.isEmpty()) {
                throw new IllegalStateException("name at least one provider: oidc, auth0 or cognito");
            }
            return new TestProvider(this);
        }
    }
}
