package dev.portcullis.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.portcullis.auth.spi.OidcProviderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Building the relying party from configuration: it names the first wrong key and touches no network. */
class OidcRelyingPartyConfigTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    private final Map<String, OidcProviderFactory> factories = factories("fake", "other");

    @Test
    void validConfigurationBuildsWithoutContactingAnyProvider() {
        OidcRelyingParty party = OidcRelyingParty.create(TestConfig.values(config()), CLOCK, factories);

        assertThat(party.providers()).containsExactly(new ProviderInfo("fake", "Fake Login", true));
        assertThat(party.ready("unknown")).isFalse();
        assertThat(party.settings().baseUrl()).isEqualTo(URI.create("https://app.example"));
        assertThat(party.loginStateCookieName()).isEqualTo("__Host-portcullis-login");
        assertThat(party.clearLoginState().headerValue()).isEqualTo("__Host-portcullis-login=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertThat(party.logout(Optional.empty())).isEqualTo(URI.create("https://app.example/"));
    }

    @Test
    void plainHttpOnLoopbackGivesUnprefixedCookies() {
        Map<String, String> config = config();
        config.put("auth.base-url", "http://127.0.0.1:8080");

        OidcRelyingParty party = OidcRelyingParty.create(TestConfig.values(config), CLOCK, factories);

        assertThat(party.loginStateCookieName()).isEqualTo("portcullis-login");
        assertThat(party.sessions().clear(java.util.Set.of()))
                .extracting(SetCookie::name).containsExactly("portcullis");
    }

    @Test
    void unknownProviderIsNamedWithTheInstalledOnes() {
        Map<String, String> config = config();
        config.put("auth.provider", "github");

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.provider");
        assertThat(e.getMessage()).contains("AUTH_PROVIDER").contains("'github'").contains("installed: fake, other").doesNotContain("\n");
    }

    @Test
    void unknownProviderWithNoneInstalledSaysSo() {
        AuthConfigurationException e = catchThrowableOfType(AuthConfigurationException.class,
                () -> OidcRelyingParty.create(TestConfig.values(config()), CLOCK, Map.of()));

        assertThat(e.key()).isEqualTo("auth.provider");
        assertThat(e.getMessage()).endsWith("installed:  (a tenant of another name needs auth.fake.type)");
    }

    @Test
    void unknownAdditionalProviderIsNamedUnderProviders() {
        Map<String, String> config = config();
        config.put("auth.providers", "fake,github");

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.providers");
        assertThat(e.getMessage()).contains("'github'").contains("installed: fake, other");
    }

    @Test
    void missingClientSecretNamesItsKey() {
        Map<String, String> config = config();
        config.remove("auth.fake.client-secret");

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.fake.client-secret");
        assertThat(e.getMessage()).startsWith("auth.fake.client-secret (environment variable AUTH_FAKE_CLIENT_SECRET): ")
                .doesNotContain("\n");
    }

    @Test
    void blankClientSecretCountsAsMissing() {
        Map<String, String> config = config();
        config.put("auth.fake.client-secret", "  ");

        assertThat(failure(config).key()).isEqualTo("auth.fake.client-secret");
    }

    @Test
    void missingClientIdNamesItsKey() {
        Map<String, String> config = config();
        config.remove("auth.fake.client-id");

        assertThat(failure(config).key()).isEqualTo("auth.fake.client-id");
    }

    @Test
    void providerModuleErrorsNameTheProviderKey() {
        Map<String, String> config = config();
        config.remove("auth.fake.issuer");
        assertThat(failure(config).key()).isEqualTo("auth.fake.issuer");

        config.put("auth.fake.issuer", "http://issuer.example/");
        AuthConfigurationException e = failure(config);
        assertThat(e.key()).isEqualTo("auth.fake.issuer");
        assertThat(e.getMessage()).contains("AUTH_FAKE_ISSUER").contains("https");
    }

    @Test
    void generalSettingsAreCheckedBeforeProviders() {
        Map<String, String> config = config();
        config.remove("auth.base-url");
        config.remove("auth.fake.client-secret");

        assertThat(failure(config).key()).isEqualTo("auth.base-url");
    }

    @Test
    void twoProvidersWithTheSameIssuerNameTheSecondOnesIssuer() {
        Map<String, String> config = withSecondProvider("https://issuer.example/");

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.other.issuer");
        assertThat(e.getMessage()).contains("AUTH_OTHER_ISSUER").contains("fake").doesNotContain("\n");
    }

    @Test
    void issuersDifferingOnlyInTrailingSlashAreDistinctProviders() {
        Map<String, String> config = withSecondProvider("https://issuer.example");

        OidcRelyingParty party = OidcRelyingParty.create(TestConfig.values(config), CLOCK, factories);

        assertThat(party.providers()).extracting(ProviderInfo::name).containsExactly("fake", "other");
    }

    @Test
    void providersAreListedDefaultFirstWithTheirDisplayNames() {
        Map<String, String> config = withSecondProvider("https://other.example/");
        config.put("auth.provider", "other");
        config.put("auth.providers", "fake,other");

        OidcRelyingParty party = OidcRelyingParty.create(TestConfig.values(config), CLOCK, factories);

        assertThat(party.providers()).containsExactly(new ProviderInfo("other", "other", true), new ProviderInfo("fake", "Fake Login", false));
    }

    @Test
    void moduleThatBuildsAProviderUnderAnotherNameIsAProgrammingError() {
        Map<String, OidcProviderFactory> broken = Map.of("fake", new FakeProviderFactory("fake", "impostor"));

        assertThatIllegalStateException().isThrownBy(() -> OidcRelyingParty.create(TestConfig.values(config()), CLOCK, broken))
                .withMessageContaining("impostor");
    }

    @Test
    void clientSecretNeverAppearsInErrors() {
        Map<String, String> config = withSecondProvider("https://issuer.example/");
        config.put("auth.other.client-secret", "very-secret-client-secret");

        assertThat(failure(config).getMessage()).doesNotContain("very-secret-client-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth.fake.client-secret", "auth.fake.client-id", "auth.fake.issuer", "auth.session.secret",
            "auth.base-url", "auth.provider", "auth.secrets.ttl", "auth.post-logout-path"})
    void aSecretReferenceNoResolverReplacedFailsStartUpNamingTheKeyButNotTheSecret(String key) {
        Map<String, String> config = config();
        config.put(key, "aws-secretsmanager:prod/portcullis#client_secret");

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).isEqualTo(key + " (environment variable " + AuthConfigurationException.environmentName(key)
                + "): names a secret in AWS Secrets Manager, but no resolver for aws-secretsmanager: values is installed "
                + "(add dev.portcullis:portcullis-secrets-aws)");
        assertThat(e.getMessage()).doesNotContain("prod/portcullis");
    }

    @Test
    void aSecretReferenceIsRecognisedThoughConfigurationPaddedItWithSpaces() {
        Map<String, String> config = config();
        config.put("auth.fake.client-secret", "  aws-secretsmanager:prod/portcullis  ");

        assertThat(failure(config).key()).isEqualTo("auth.fake.client-secret");
    }

    @Test
    void aClientSecretThatOnlyContainsTheReferencePrefixIsAnOrdinarySecret() {
        Map<String, String> config = config();
        config.put("auth.fake.client-secret", "x-aws-secretsmanager:not-a-reference");

        assertThat(OidcRelyingParty.create(TestConfig.values(config), CLOCK, factories).providers()).hasSize(1);
    }

    private Map<String, String> withSecondProvider(String issuer) {
        Map<String, String> config = config();
        config.put("auth.providers", "fake,other");
        config.put("auth.other.issuer", issuer);
        config.put("auth.other.client-id", "other-client");
        config.put("auth.other.client-secret", "other-secret");
        return config;
    }

    static Map<String, String> config() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.provider", "fake");
        config.put("auth.fake.issuer", "https://issuer.example/");
        config.put("auth.fake.display-name", "Fake Login");
        config.put("auth.fake.client-id", "client-1");
        config.put("auth.fake.client-secret", "fake-secret");
        return config;
    }

    static Map<String, OidcProviderFactory> factories(String... names) {
        Map<String, OidcProviderFactory> factories = new LinkedHashMap<>();
        for (String name : names) {
            factories.put(name, new FakeProviderFactory(name));
        }
        return factories;
    }

    private AuthConfigurationException failure(Map<String, String> config) {
        AuthConfigurationException e = catchThrowableOfType(AuthConfigurationException.class,
                () -> OidcRelyingParty.create(TestConfig.values(config), CLOCK, factories));
        assertThat(e).as("AuthConfigurationException expected").isNotNull();
        return e;
    }
}
