package dev.portcullis.service.secrets;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.portcullis.auth.AuthConfigurationException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.testing.AwsTestEnvironment;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LocalSecretsManager;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.config.mp.MpConfigSources;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code auth.cognito.client-secret=aws-secretsmanager:prod/cognito#client_secret} and a session key from Secrets
 * Manager, end to end: the real AWS SDK client reads them from a local Secrets Manager endpoint; the embedded provider
 * checks the client secret. Every log record of the whole run, at every level, is captured and searched for the
 * secrets, tokens, codes and cookies the run used.
 */
@HelidonTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsFromSecretsManagerTest {

    static final String ROTATED_CLIENT_SECRET = "rotated-client-secret-9876543210";
    static final LogCapture LOGS = LogCapture.start();
    static final LocalSecretsManager STORE = LocalSecretsManager.start();

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito")
            .setting("auth.cognito.client-secret", "aws-secretsmanager:prod/cognito#client_secret")
            .setting("auth.session.secret", "aws-secretsmanager:prod/session")
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    /** Everything that must never appear in a log line. */
    static final List<String> NEVER_LOGGED = new ArrayList<>(List.of(EmbeddedProvider.CLIENT_SECRET, ROTATED_CLIENT_SECRET,
            SERVICE.sessionSecret(), AwsTestEnvironment.SECRET_ACCESS_KEY));

    static {
        AwsTestEnvironment.use(STORE);
        STORE.put("prod/cognito", "{\"client_id\":\"" + EmbeddedProvider.CLIENT_ID + "\",\"client_secret\":\""
                + EmbeddedProvider.CLIENT_SECRET + "\"}");
        // the session secret the test provider chose, which its settings name by reference only
        STORE.put("prod/session", SERVICE.sessionSecret());
    }

    @AfterAll
    static void stop() {
        STORE.close();
        AwsTestEnvironment.clear();
        LOGS.close();
    }

    @Test
    @Order(1)
    void signInWorksWithTheClientSecretAndSessionKeyFromSecretsManager() {
        Browser browser = new Browser();
        HttpResponse<String> toCallback = SignIn.atProvider(browser, SERVICE.url("/auth/login"), "alice", "{}");
        remember(browser, toCallback);
        HttpResponse<String> done = browser.follow(toCallback);
        remember(browser, done);
        Map<String, Object> apiTokens = PROVIDER.tokensFor("cognito", "bob", "{}");
        apiTokens.values().stream().filter(String.class::isInstance).map(String.class::cast).filter(v -> v.length() > 20)
                .forEach(NEVER_LOGGED::add);

        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(json(browser.getJson(SERVICE.url("/api/me"))).getString("sub")).isEqualTo("alice");
        assertThat(new Browser().send(Browser.request(SERVICE.url("/api/me")).header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiTokens.get("access_token")).GET()).statusCode()).isEqualTo(200);
        assertThat(STORE.reads("prod/cognito")).as("read once at start-up, then cached").isEqualTo(1);
        assertThat(STORE.reads("prod/session")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aClientSecretRotatedInSecretsManagerIsPickedUpWhenTheProviderRefusesTheOldOne() {
        Browser browser = new Browser();
        remember(browser, SignIn.complete(browser, SERVICE.url("/auth/login"), "alice", "{}"));
        STORE.put("prod/cognito", "{\"client_secret\":\"" + ROTATED_CLIENT_SECRET + "\"}");
        PROVIDER.rotateClientSecret(ROTATED_CLIENT_SECRET);
        PROVIDER.clearRequests();
        int readsBefore = STORE.reads("prod/cognito");

        HttpResponse<String> refresh = browser.send(Browser.request(SERVICE.url("/auth/refresh"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("")));
        remember(browser, refresh);

        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
        assertThat(PROVIDER.tokenRequests()).as("refused once with the old secret, then accepted").hasSize(2);
        assertThat(STORE.reads("prod/cognito")).isEqualTo(readsBefore + 1);

        HttpResponse<String> logout = browser.submit(SERVICE.url("/auth/logout"), Map.of(), SERVICE.baseUrl().toString());
        remember(browser, logout);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(PROVIDER.requests()).anySatisfy(r -> assertThat(r.getUrl().encodedPath()).endsWith("/revoke"));
    }

    @Test
    @Order(3)
    void startupFailsWithOneLineNamingTheKeyAndTheSecretButNotTheValue() {
        STORE.put("prod/no-field", "{\"client_id\":\"x\",\"password\":\"" + EmbeddedProvider.CLIENT_SECRET + "\"}");
        STORE.deny("prod/denied");
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("aws-secretsmanager:prod/missing#client_secret", "secret prod/missing (field client_secret): ResourceNotFoundException");
        failures.put("aws-secretsmanager:prod/denied#client_secret", "secret prod/denied (field client_secret): AccessDeniedException");
        failures.put("aws-secretsmanager:prod/no-field#client_secret", "secret prod/no-field (field client_secret): SecretString has no field client_secret");

        failures.forEach((reference, expected) -> assertThatExceptionOfType(AuthConfigurationException.class)
                .isThrownBy(() -> relyingPartyWithClientSecret(reference))
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("auth.cognito.client-secret (environment variable AUTH_COGNITO_CLIENT_SECRET): could not be read: "
                                + expected)
                        .doesNotContain("\n", EmbeddedProvider.CLIENT_SECRET)));
    }

    @Test
    @Order(4)
    void startupFailsWhenSecretsManagerCannotBeReached() {
        try (LocalSecretsManager unreachable = LocalSecretsManager.start()) {
            System.setProperty("aws.endpointUrlSecretsManager", unreachable.endpoint().toString());
        }
        try {
            assertThatExceptionOfType(AuthConfigurationException.class)
                    .isThrownBy(() -> relyingPartyWithClientSecret("aws-secretsmanager:prod/cognito#client_secret"))
                    .withMessageContaining("auth.cognito.client-secret")
                    .withMessageContaining("secret prod/cognito (field client_secret): Secrets Manager could not be reached");
        } finally {
            AwsTestEnvironment.use(STORE);
        }
    }

    @Test
    @Order(6)
    void noSecretTokenCodeOrCookieValueReachedAnyLogLine() {
        java.util.Set<String> offendingLoggers = new java.util.TreeSet<>();
        for (String line : LOGS.lines()) {
            if (NEVER_LOGGED.stream().anyMatch(line::contains)) {
                offendingLoggers.add(line.substring(0, line.indexOf(' ')));
            }
        }
        assertThat(offendingLoggers).as("loggers that printed a secret, token, code or cookie value").isEmpty();
        String everything = String.join("\n", LOGS.lines());

        assertThat(LOGS.lines()).as("the capture saw the run").anySatisfy(line -> assertThat(line).contains("login completed"));
        assertThat(LOGS.lines()).as("and every level, down to the AWS SDK's debug lines")
                .anySatisfy(line -> assertThat(line).startsWith("software.amazon.awssdk").contains(" FINE"));
        assertThat(NEVER_LOGGED).as("secrets, codes, states, cookies, tokens").hasSizeGreaterThan(12);
        for (String value : NEVER_LOGGED) {
            assertThat(everything).as("a log line contains a secret value of length %d", value.length()).doesNotContain(value);
        }
    }

    /** A relying party built the way the service builds it, from MicroProfile Config with the Secrets Manager filter. */
    private static OidcRelyingParty relyingPartyWithClientSecret(String reference) {
        Map<String, String> settings = new LinkedHashMap<>(PROVIDER.settings("cognito"));
        settings.put("auth.provider", "cognito");
        settings.put("auth.base-url", "https://app.example.com");
        settings.put("auth.session.secret", SERVICE.sessionSecret());
        settings.put("auth.cognito.client-secret", reference);
        // Helidon's MP Config builder always adds the discovered filters, the Secrets Manager one among them
        return OidcRelyingParty.create(ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(settings)).build(), Clock.systemUTC());
    }

    /** Remembers the run's cookie values, codes and tokens, which must not be logged either. */
    private static void remember(Browser browser, HttpResponse<String> response) {
        browser.cookies().values().stream().filter(v -> v.length() > 20).forEach(NEVER_LOGGED::add);
        response.headers().firstValue("Location").map(location -> SignIn.query(response)).ifPresent(query -> query.forEach((k, v) -> {
            if (k.equals("code") || k.equals("id_token_hint") || k.equals("state")) {
                NEVER_LOGGED.add(v);
            }
        }));
    }
}
