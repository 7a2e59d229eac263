package dev.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.portcullis.auth.CallbackParameters;
import dev.portcullis.auth.LoginRedirect;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.SetCookie;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
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
 * Sessions are real: {@link #sessionCookie(TestUser)} signs the user in through Portcullis' own relying party
 * (authorization request with PKCE, the provider's login form, the code exchange, the ID token validation), with the
 * application's session secret, so the application accepts the cookie as one it issued. Bearer tokens are the
 * provider's own access tokens, from an authorization code flow run against it.
 */
public final class TestProvider implements AfterAllCallback, AutoCloseable {

    /** The ordinal of the configuration this supplies. */
    public static final int CONFIG_ORDINAL = 1100;

    private static volatile TestProvider active;

    private final EmbeddedProvider provider;
    private final String defaultProvider;
    private final Map<String, String> settings;
    private final URI baseUrl;
    private final URI serverUrl;
    private volatile OidcRelyingParty relyingParty;

    private TestProvider(Builder builder) {
        this.provider = EmbeddedProvider.start(builder.options);
        this.defaultProvider = builder.providers.get(0);
        int port = freePort();
        this.serverUrl = URI.create("http://127.0.0.1:" + port);
        this.baseUrl = builder.baseUrl == null ? serverUrl : builder.baseUrl;
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.host", "127.0.0.1");
        all.put("server.port", String.valueOf(port));
        all.put("auth.provider", defaultProvider);
        all.put("auth.providers", String.join(",", builder.providers));
        all.put("auth.base-url", baseUrl.toString());
        all.put("auth.session.secret", sessionSecret());
        builder.providers.forEach(name -> all.putAll(provider.settings(name)));
        all.putAll(builder.settings);
        this.settings = Map.copyOf(all);
        active = this;
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

    /**
     * A provider to shape further.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every setting this supplies to the application.
     *
     * @return {@code auth.*}, {@code server.host} and {@code server.port}, and the test's own
     */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The application's public base URL, {@code auth.base-url}: the server's own, unless the builder named another.
     *
     * @return the base URL
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
     * The embedded provider, for what a test asks of it beyond signing in: the requests it received, a rotated key, a
     * rewritten ID token.
     *
     * @return the provider
     */
    public EmbeddedProvider provider() {
        return provider;
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
     * An access token for a user, from one of the enabled providers.
     *
     * @param shape the provider
     * @param user  the user
     * @return the provider's access token
     */
    public String bearerToken(String shape, TestUser user) {
        return (String) provider.tokensFor(shape, user.subject(), claimsJson(shape, user)).get("access_token");
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
        OidcRelyingParty party = relyingParty();
        LoginRedirect login = party.startLogin(Optional.of(shape), "/");
        Browser browser = new Browser();
        URI authorize = login.authorizationUri();
        HttpResponse<String> toCallback = browser.submit(authorize, Map.of("username", user.subject(),
                "claims", claimsJson(shape, user)), null);
        if (toCallback.statusCode() != 302) {
            throw new IllegalStateException("the provider's login form answered " + toCallback.statusCode());
        }
        Map<String, String> callback = SignIn.query(toCallback);
        dev.portcullis.auth.SignIn signIn = party.completeLogin(CallbackParameters.of(callback.get("code"), callback.get("state"),
                callback.get("iss"), callback.get("error")), Optional.of(login.stateCookie().value()));
        Map<String, String> cookies = new LinkedHashMap<>();
        for (SetCookie cookie : party.sessions().write(signIn.session(), Set.of())) {
            cookies.put(cookie.name(), cookie.value());
        }
        return cookies;
    }

    /** Stops the provider and withdraws its configuration, when the test class ends. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Stops the provider and withdraws its configuration. */
    @Override
    public void close() {
        if (active == this) {
            active = null;
        }
        provider.close();
    }

    /** The settings of the provider in use, for {@link TestProviderConfigSource}; empty when none is. */
    static Map<String, String> activeSettings() {
        TestProvider current = active;
        return current == null ? Map.of() : current.settings;
    }

    private OidcRelyingParty relyingParty() {
        OidcRelyingParty party = relyingParty;
        if (party == null) {
            // the application's own settings, so the sealed session is one the application opens
            ConfigSource source = new TestProviderConfigSource.Fixed(settings);
            party = OidcRelyingParty.create(ConfigProviderResolver.instance().getBuilder().withSources(source).build(),
                    Clock.systemUTC());
            relyingParty = party;
        }
        return party;
    }

    private static String claimsJson(String shape, TestUser user) {
        String groupsClaim = switch (shape) {
            case "auth0" -> EmbeddedProvider.AUTH0_ROLES_CLAIM;
            case "cognito" -> "cognito:groups";
            default -> "groups";
        };
        return JSONObjectUtils.toJSONString(user.tokenClaims(groupsClaim));
    }

    private static String sessionSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How to shape the provider and the application's configuration. */
    public static final class Builder {
        private final List<String> providers = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private EmbeddedProvider.Options options = EmbeddedProvider.Options.defaults();
        private URI baseUrl;

        private Builder() {
        }

        /**
         * The providers to enable, the first the default ({@code auth.provider}).
         *
         * @param shapes {@code oidc}, {@code auth0}, {@code cognito}
         * @return this builder
         */
        public Builder providers(String... shapes) {
            for (String shape : shapes) {
                if (!List.of("oidc", "auth0", "cognito").contains(shape)) {
                    throw new IllegalArgumentException("no provider shape " + shape + "; oidc, auth0 or cognito");
                }
                providers.add(shape);
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
         * Starts the provider and makes its configuration the application's.
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
