package dev.portcullis.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Session;

import io.helidon.config.mp.MpConfigSources;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

/**
 * What a test gets from {@link TestProvider}, without an application: the settings the discovered config source serves
 * while it is in use and not after, one test provider at a time, bearer tokens shaped like each provider's, and session
 * cookies that Portcullis' relying party opens with the same settings.
 */
class TestProviderTest {

    static final TestUser ALICE = TestUser.named("alice").inGroups("staff", "admin").withClaim("name", "Alice Liddell");

    /** What each test started, closed after it (closing again does nothing). */
    private final List<TestProvider> started = new ArrayList<>();

    @AfterEach
    void closeWhatWasStarted() {
        started.forEach(TestProvider::close);
    }

    @Test
    void theDiscoveredConfigSourceServesTheActiveProvidersSettingsAndNothingAfterClose() {
        ConfigSource source = discoveredSource();
        TestProvider provider = start(TestProvider.builder().providers("oidc", "cognito").setting("app.greeting", "hello"));

        assertThat(source.getOrdinal()).isEqualTo(TestProvider.CONFIG_ORDINAL).isEqualTo(1100);
        assertThat(source.getProperties()).isEqualTo(provider.settings());
        assertThat(source.getPropertyNames()).isEqualTo(provider.settings().keySet());
        assertThat(source.getValue("auth.provider")).isEqualTo("oidc");
        assertThat(source.getValue("auth.providers")).isEqualTo("oidc,cognito");
        assertThat(source.getValue("app.greeting")).isEqualTo("hello");

        provider.close();

        assertThat(source.getProperties()).isEmpty();
        assertThat(source.getPropertyNames()).isEmpty();
        assertThat(source.getValue("auth.provider")).isNull();
        assertThat(source.getValue("app.greeting")).isNull();
    }

    @Test
    void oneProviderIsAuthProviderAloneAndPointsTheApplicationAtItsTenant() {
        TestProvider provider = start(TestProvider.builder().providers("auth0"));
        String port = provider.settings().get("server.port");

        assertThat(provider.settings()).containsOnlyKeys("server.host", "server.port", "auth.provider", "auth.base-url",
                "auth.session.secret", "auth.auth0.client-id", "auth.auth0.client-secret", "auth.auth0.domain",
                "auth.auth0.audience", "auth.auth0.groups-claim");
        assertThat(provider.settings()).containsEntry("server.host", "127.0.0.1")
                .containsEntry("auth.provider", "auth0")
                .containsEntry("auth.base-url", "http://127.0.0.1:" + port)
                .containsAllEntriesOf(provider.provider().settings("auth0"));
        assertThat(Integer.parseInt(port)).isPositive();
        assertThat(provider.baseUrl()).hasToString("http://127.0.0.1:" + port);
        assertThat(provider.url("/orders?mine=1")).hasToString("http://127.0.0.1:" + port + "/orders?mine=1");
        assertThat(Base64.getDecoder().decode(provider.sessionSecret())).hasSize(32);
        assertThat(provider.settings()).containsEntry("auth.session.secret", provider.sessionSecret());
    }

    @Test
    void theTestsOwnSettingsBaseUrlAndSessionSecretReplaceThoseItWouldChoose() {
        String secret = Base64.getEncoder().encodeToString("a-fixed-session-key-of-32-bytes!".getBytes());
        TestProvider provider = start(TestProvider.builder().providers("cognito")
                .baseUrl("https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod")
                .sessionSecret(secret)
                .setting("auth.cognito.client-secret", "aws-secretsmanager:prod/cognito#client_secret"));

        assertThat(provider.sessionSecret()).isEqualTo(secret);
        assertThat(provider.baseUrl()).hasToString("https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod");
        assertThat(provider.settings()).contains(entry("auth.session.secret", secret),
                entry("auth.base-url", "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod"),
                entry("auth.cognito.client-secret", "aws-secretsmanager:prod/cognito#client_secret"));
    }

    @Test
    void aSecondTestProviderReplacesTheFirstWhichStopsAndCannotWithdrawTheSecondsSettings() throws Exception {
        ConfigSource source = discoveredSource();
        TestProvider first = start(TestProvider.builder().providers("oidc"));
        TestProvider second = start(TestProvider.builder().providers("cognito"));

        assertThat(source.getProperties()).isEqualTo(second.settings());
        assertThat(catchThrowable(() -> discovery(first))).as("the first provider no longer listens")
                .isInstanceOf(ConnectException.class);

        first.close();

        assertThat(source.getProperties()).isEqualTo(second.settings());
        assertThat(discovery(second).statusCode()).isEqualTo(200);
    }

    @Test
    void aFaultyProviderStandsBetweenTheApplicationAndTheProviderWhenAskedFor() {
        TestProvider direct = start(TestProvider.builder().providers("oidc"));
        assertThatIllegalStateException().isThrownBy(direct::faultyProvider);
        direct.close();

        TestProvider provider = start(TestProvider.builder().providers("oidc", "cognito").throughFaultyProvider());
        FaultyProvider faulty = provider.faultyProvider();

        assertThat(provider.settings()).containsEntry("auth.oidc.issuer", faulty.issuer("oidc").toString())
                .containsEntry("auth.cognito.issuer", faulty.issuer("cognito").toString())
                .containsAllEntriesOf(faulty.settings("cognito"));
        assertThat(faulty.base()).isNotEqualTo(provider.provider().base());
    }

    @Test
    void aShapeThatIsNotOneOfTheThreeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TestProvider.builder().providers("okta"))
                .withMessage("no provider shape okta; oidc, auth0 or cognito");
        assertThatIllegalStateException().isThrownBy(() -> TestProvider.builder().build());
    }

    @ParameterizedTest
    @CsvSource({
            "oidc,    groups",
            "auth0,   https://portcullis.test/roles",
            "cognito, cognito:groups"})
    void aBearerTokenIsTheProvidersOwnAndCarriesTheUsersGroupsInTheShapesGroupsClaim(String shape, String groupsClaim)
            throws ParseException, JOSEException {
        TestProvider provider = start(TestProvider.builder().providers(shape));

        SignedJWT token = SignedJWT.parse(provider.bearerToken(ALICE));
        JWTClaimsSet claims = token.getJWTClaimsSet();

        assertThat(token.verify(new RSASSAVerifier(provider.provider().signingKey(shape)))).isTrue();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaim(groupsClaim)).containsExactly("admin", "staff");
        assertThat(claims.getStringClaim("name")).isEqualTo("Alice Liddell");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc", "auth0", "cognito"})
    void sessionCookiesOpenWithARelyingPartyBuiltFromTheSameSettings(String shape) {
        TestProvider provider = start(TestProvider.builder().providers(shape));

        Map<String, String> cookies = provider.sessionCookies(shape, ALICE);
        Optional<Session> session = relyingParty(provider.settings()).sessions().read(cookies);

        assertThat(cookies).containsOnlyKeys("portcullis");
        assertThat(provider.sessionCookie(ALICE)).startsWith("portcullis=");
        assertThat(session).hasValueSatisfying(opened -> {
            assertThat(opened.provider()).isEqualTo(shape);
            assertThat(opened.identity().subject()).isEqualTo("alice");
            assertThat(opened.identity().groups()).containsExactlyInAnyOrder("admin", "staff");
        });
    }

    @Test
    void sessionCookiesDoNotOpenWithAnotherSessionSecret() {
        TestProvider provider = start(TestProvider.builder().providers("oidc"));
        Map<String, String> cookies = provider.sessionCookies("oidc", ALICE);
        Map<String, String> otherSecret = new HashMap<>(provider.settings());
        otherSecret.put("auth.session.secret", Base64.getEncoder().encodeToString("another-session-key-of-32-bytes!".getBytes()));

        assertThat(relyingParty(otherSecret).sessions().read(cookies)).isEmpty();
    }

    private TestProvider start(TestProvider.Builder builder) {
        TestProvider provider = builder.build();
        started.add(provider);
        return provider;
    }

    private static ConfigSource discoveredSource() {
        List<ConfigSource> sources = ServiceLoader.load(ConfigSource.class).stream().map(ServiceLoader.Provider::get)
                .filter(TestProviderConfigSource.class::isInstance).toList();
        assertThat(sources).as("registered for ServiceLoader").hasSize(1);
        return sources.get(0);
    }

    private static OidcRelyingParty relyingParty(Map<String, String> settings) {
        return OidcRelyingParty.create(ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(settings)).build(), Clock.systemUTC());
    }

    private static HttpResponse<String> discovery(TestProvider provider) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(provider.provider().oidcIssuer().resolve("/oidc/.well-known/openid-configuration"))
                .GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
