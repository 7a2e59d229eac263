package dev.portcullis.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The provider-independent auth.* settings: every mistake is reported as one line naming the key to fix. */
class AuthSettingsTest {

    @Test
    void minimalSettingsHaveTheDocumentedDefaults() {
        AuthSettings settings = AuthSettings.from(TestConfig.values(TestConfig.minimal()));

        assertThat(settings.defaultProvider()).isEqualTo("test");
        assertThat(settings.enabledProviders()).containsExactly("test");
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://app.example"));
        assertThat(settings.sessionSecrets()).hasSize(1);
        assertThat(settings.sessionSecrets().get(0)).isEqualTo(Base64.getDecoder().decode(TestConfig.SECRET));
        assertThat(settings.sessionMaxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.httpTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.discoveryRetryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.secureCookies()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth.provider", "auth.base-url", "auth.session.secret"})
    void missingRequiredKeyIsNamedWithItsEnvironmentVariable(String key) {
        Map<String, String> config = TestConfig.minimal();
        config.remove(key);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(e.getMessage())
                .startsWith(key + " (environment variable " + AuthConfigurationException.environmentName(key) + "): ")
                .doesNotContain("\n").doesNotContain("\r")
                .doesNotContain(TestConfig.SECRET);
    }

    @Test
    void environmentVariableNamesFollowMicroProfileConfig() {
        assertThat(failure(without("auth.base-url")).getMessage()).contains("AUTH_BASE_URL");
        assertThat(failure(without("auth.provider")).getMessage()).contains("AUTH_PROVIDER");
        assertThat(failure(without("auth.session.secret")).getMessage()).contains("AUTH_SESSION_SECRET");
        assertThat(AuthConfigurationException.environmentName("auth.cognito.client-id")).isEqualTo("AUTH_COGNITO_CLIENT_ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankValueCountsAsMissing(String blank) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.base-url", blank);

        assertThat(failure(config).key()).isEqualTo("auth.base-url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example", "http://10.0.0.1:8080", "http://127.0.0.1.evil.example", "http://localhost.evil.example",
            "ftp://app.example", "app.example", "/relative", "https://user@app.example", "https://app.example?x=1",
            "https://app.example/#top", "https:app.example", "not a url"})
    void unsafeOrMalformedBaseUrlIsRefused(String url) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.base-url", url);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.base-url");
        assertThat(e.getMessage()).contains("AUTH_BASE_URL").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:8080", "http://localhost", "http://[::1]:8080",
            "https://app.example", "https://app.example:8443/base", "HTTPS://app.example"})
    void httpsOrLoopbackHttpBaseUrlIsAccepted(String url) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.base-url", url);

        assertThat(AuthSettings.from(TestConfig.values(config)).baseUrl()).isEqualTo(URI.create(url));
    }

    @Test
    void cookiesAreSecureOnlyForHttps() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.base-url", "http://localhost:8080");

        assertThat(AuthSettings.from(TestConfig.values(config)).secureCookies()).isFalse();
    }

    @Test
    void trailingSlashOfBaseUrlIsDroppedAndRedirectUriIsDerivedFromIt() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.base-url", "https://app.example/base/");

        AuthSettings settings = AuthSettings.from(TestConfig.values(config));

        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://app.example/base"));
        assertThat(settings.redirectUri()).isEqualTo(URI.create("https://app.example/base/auth/callback"));
        assertThat(settings.resolve("/api/me?x=1")).isEqualTo(URI.create("https://app.example/base/api/me?x=1"));
    }

    @Test
    void loginUriCarriesProviderAndSafeReturnPath() {
        AuthSettings settings = AuthSettings.from(TestConfig.values(TestConfig.minimal()));

        assertThat(settings.loginUri(Optional.empty(), ReturnTo.ROOT)).isEqualTo(URI.create("https://app.example/auth/login"));
        assertThat(settings.loginUri(Optional.of("test"), ReturnTo.parse("/api/me?x=1")))
                .isEqualTo(URI.create("https://app.example/auth/login?provider=test&return_to=%2Fapi%2Fme%3Fx%3D1"));
    }

    @Test
    void resolveRefusesPathsThatDoNotStartWithSlash() {
        AuthSettings settings = AuthSettings.from(TestConfig.values(TestConfig.minimal()));

        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> settings.resolve("evil.example"));
    }

    @Test
    void sixteenByteSecretIsRefusedWithoutShowingIt() {
        String shortSecret = Base64.getEncoder().encodeToString(TestJwts.randomBytes(16));
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.secret", shortSecret);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.session.secret");
        assertThat(e.getMessage()).contains("AUTH_SESSION_SECRET").contains("128 bits").doesNotContain(shortSecret).doesNotContain("\n");
    }

    @Test
    void secretThatIsNotBase64IsRefusedWithoutShowingIt() {
        String notBase64 = "this is not base64 but a password!!";
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.secret", notBase64);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.session.secret");
        assertThat(e.getMessage()).doesNotContain(notBase64).doesNotContain("password").doesNotContain("\n");
    }

    @Test
    void shortSecondSecretIsRefusedToo() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.secret", TestConfig.SECRET + "," + Base64.getEncoder().encodeToString(TestJwts.randomBytes(31)));

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.session.secret");
        assertThat(e.getMessage()).contains("key 2").doesNotContain(TestConfig.SECRET);
    }

    @Test
    void twoCommaSeparatedSecretsAreAcceptedInOrder() {
        String second = TestJwts.base64Secret();
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.secret", " " + TestConfig.SECRET + " , " + second + " ");

        List<byte[]> secrets = AuthSettings.from(TestConfig.values(config)).sessionSecrets();

        assertThat(secrets).hasSize(2);
        assertThat(secrets.get(0)).isEqualTo(Base64.getDecoder().decode(TestConfig.SECRET));
        assertThat(secrets.get(1)).isEqualTo(Base64.getDecoder().decode(second));
    }

    @Test
    void repeatedSecretCountsOnce() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.secret", TestConfig.SECRET + "," + TestConfig.SECRET);

        assertThat(AuthSettings.from(TestConfig.values(config)).sessionSecrets()).hasSize(1);
    }

    @Test
    void base64UrlSecretIsAccepted() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0xfb); // encodes to characters that differ between the two alphabets
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        assertThat(urlSafe).contains("-").contains("_");
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.secret", urlSafe);

        assertThat(AuthSettings.from(TestConfig.values(config)).sessionSecrets().get(0)).isEqualTo(key);
    }

    @Test
    void onlyCommasIsLikeNoSecret() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.secret", " , ,");

        assertThat(failure(config).key()).isEqualTo("auth.session.secret");
    }

    @Test
    void providersMustIncludeTheDefaultProvider() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.providers", "auth0,cognito");

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.providers");
        assertThat(e.getMessage()).contains("AUTH_PROVIDERS").contains("'test'").contains("auth.provider").doesNotContain("\n");
    }

    @Test
    void providersAreTrimmedAndDeduplicated() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.providers", " test , auth0,, test ,cognito");

        assertThat(AuthSettings.from(TestConfig.values(config)).enabledProviders()).containsExactly("test", "auth0", "cognito");
    }

    @Test
    void defaultProviderComesFirstAmongEnabledProviders() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.providers", "auth0,test,cognito");

        assertThat(AuthSettings.from(TestConfig.values(config)).enabledProviders()).containsExactly("test", "auth0", "cognito");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT5S", "5", "pt5s", " PT5S "})
    void durationsAreSecondsOrIso8601(String value) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.clock-skew", value);
        config.put("auth.http.timeout", value);
        config.put("auth.discovery.retry-interval", value);
        config.put("auth.session.max-age", value);

        AuthSettings settings = AuthSettings.from(TestConfig.values(config));

        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.httpTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.discoveryRetryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.sessionMaxAge()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5s", "five", "-PT5S", "-5", "PT", "99999999999999999999"})
    void malformedOrNegativeDurationIsRefusedNamingTheKey(String value) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.http.timeout", value);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.http.timeout");
        assertThat(e.getMessage()).contains("AUTH_HTTP_TIMEOUT").doesNotContain("\n");
    }

    @Test
    void aMalformedSecretsTtlIsRefusedWithTheOtherSettingsThoughASecretStoreReadsIt() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.secrets.ttl", "five minutes");

        assertThat(failure(config).key()).isEqualTo("auth.secrets.ttl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth.http.timeout", "auth.session.max-age"})
    void zeroIsRefusedWhereAPositiveDurationIsNeeded(String key) {
        Map<String, String> config = TestConfig.minimal();
        config.put(key, "0");

        assertThat(failure(config).key()).isEqualTo(key);
    }

    @Test
    void clockSkewAboveFiveMinutesIsRefused() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.clock-skew", "PT5M");
        assertThat(AuthSettings.from(TestConfig.values(config)).clockSkew()).isEqualTo(Duration.ofMinutes(5));

        config.put("auth.clock-skew", "PT5M1S");
        assertThat(failure(config).key()).isEqualTo("auth.clock-skew");
    }

    @Test
    void toStringShowsNoSecret() {
        AuthSettings settings = AuthSettings.from(TestConfig.values(TestConfig.minimal()));

        assertThat(settings.toString()).doesNotContain(TestConfig.SECRET).contains("sessionKeys=1");
    }

    private static Map<String, String> without(String key) {
        Map<String, String> config = TestConfig.minimal();
        config.remove(key);
        return config;
    }

    private static AuthConfigurationException failure(Map<String, String> config) {
        AuthConfigurationException e = org.assertj.core.api.Assertions.catchThrowableOfType(AuthConfigurationException.class,
                () -> AuthSettings.from(TestConfig.values(config)));
        assertThat(e).as("AuthConfigurationException expected").isNotNull();
        return e;
    }
}
