package dev.portcullis.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;
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
        assertThat(settings.sessionIdleTimeout()).isEmpty();
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.httpTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.discoveryRetryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.secureCookies()).isTrue();
        assertThat(settings.basePath()).isEqualTo("/auth");
        assertThat(settings.defaultReturnTo()).isEqualTo(ReturnTo.ROOT);
        assertThat(settings.postLogoutPath()).isEqualTo("/");
        assertThat(settings.redirectUri()).isEqualTo(URI.create("https://app.example/auth/callback"));
        assertThat(settings.endpoint("login")).isEqualTo(URI.create("https://app.example/auth/login"));
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
    void withoutAuthProviderTheDefaultIsTheFirstEnabledProvider() {
        Map<String, String> config = TestConfig.minimal();
        config.remove("auth.provider");
        config.put("auth.providers", "cognito,auth0");

        AuthSettings settings = AuthSettings.from(TestConfig.values(config), List.of("auth0", "cognito", "oidc"));

        assertThat(settings.defaultProvider()).isEqualTo("cognito");
        assertThat(settings.enabledProviders()).containsExactly("cognito", "auth0");
    }

    @Test
    void withoutAnyProviderSettingTheOnlyInstalledProviderModuleIsTheProvider() {
        Map<String, String> config = TestConfig.minimal();
        config.remove("auth.provider");

        AuthSettings settings = AuthSettings.from(TestConfig.values(config), List.of("auth0"));

        assertThat(settings.defaultProvider()).isEqualTo("auth0");
        assertThat(settings.enabledProviders()).containsExactly("auth0");
    }

    @Test
    void withoutAnyProviderSettingAndSeveralProviderModulesAuthProviderIsRequired() {
        Map<String, String> config = TestConfig.minimal();
        config.remove("auth.provider");

        assertThatExceptionOfType(AuthConfigurationException.class)
                .isThrownBy(() -> AuthSettings.from(TestConfig.values(config), List.of("auth0", "cognito")))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.provider"))
                .withMessage("auth.provider (environment variable AUTH_PROVIDER): is required but not set");
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
    void providerCallsAreBoundedByDefaultAndApiCallersRefreshTokensAreNotRefreshed() {
        AuthSettings settings = AuthSettings.from(TestConfig.values(TestConfig.minimal()));

        assertThat(settings.callBounds()).isEqualTo(new AuthSettings.CallBounds(16, 20));
        assertThat(settings.apiCallerRefresh()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "auth.http.max-concurrent  | 1    | must be a whole number from 2 to 10000",
            "auth.http.max-concurrent  | many | must be a whole number from 2 to 10000",
            "auth.http.max-per-second  | 0    | must be a whole number from 2 to 100000",
            "auth.http.max-per-second  | 2.5  | must be a whole number from 2 to 100000",
            "auth.refresh.api-callers  | yes  | must be true or false"})
    void aCallBoundOrFlagThatIsNotOneIsRefusedNamingTheKey(String key, String value, String problem) {
        Map<String, String> config = TestConfig.minimal();
        config.put(key, value);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).endsWith(problem).doesNotContain("\n");
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PT1M  | PT1M",
            "60    | PT1M",
            "pt30m | PT30M",
            "PT12H | PT12H"})
    void theIdleTimeoutIsADurationFromAMinuteToTheMaximumAge(String value, String timeout) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.idle-timeout", value);

        assertThat(AuthSettings.from(TestConfig.values(config)).sessionIdleTimeout()).contains(Duration.parse(timeout));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0          | must be more than zero",
            "PT0S       | must be more than zero",
            "-PT30M     | must not be negative",
            "half hour  | must be a number of seconds or an ISO-8601 duration such as PT5M",
            "59         | must be at least PT1M: a session's last use is recorded to the minute",
            "PT59S      | must be at least PT1M: a session's last use is recorded to the minute",
            "PT12H1S    | must be at most auth.session.max-age (PT12H)"})
    void anIdleTimeoutThatCannotBeKeptIsRefusedNamingTheKey(String value, String problem) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.idle-timeout", value);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.session.idle-timeout");
        assertThat(e.getMessage()).isEqualTo("auth.session.idle-timeout (environment variable AUTH_SESSION_IDLE_TIMEOUT): " + problem);
    }

    @Test
    void theIdleTimeoutIsAtMostTheMaximumAgeConfigured() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.session.max-age", "PT20M");
        config.put("auth.session.idle-timeout", "PT20M");
        assertThat(AuthSettings.from(TestConfig.values(config)).sessionIdleTimeout()).contains(Duration.ofMinutes(20));

        config.put("auth.session.idle-timeout", "PT30M");
        assertThat(failure(config).getMessage()).endsWith("must be at most auth.session.max-age (PT20M)");
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

    @ParameterizedTest
    @ValueSource(strings = {"/auth", "/sign-in", "/api/v1.2/auth", "/a_b~c", "/AUTH"})
    void basePathPlacesEverySignInEndpointAndTheRedirectUri(String basePath) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.base-url", "https://app.example/base/");
        config.put("auth.base-path", basePath);

        AuthSettings settings = AuthSettings.from(TestConfig.values(config));

        assertThat(settings.basePath()).isEqualTo(basePath);
        assertThat(settings.redirectUri()).isEqualTo(URI.create("https://app.example/base" + basePath + "/callback"));
        assertThat(settings.endpoint("login")).isEqualTo(URI.create("https://app.example/base" + basePath + "/login"));
        assertThat(settings.endpoint("logout")).isEqualTo(URI.create("https://app.example/base" + basePath + "/logout"));
        assertThat(settings.loginUri(Optional.of("test"), ReturnTo.parse("/api/me")))
                .isEqualTo(URI.create("https://app.example/base" + basePath + "/login?provider=test&return_to=%2Fapi%2Fme"));
    }

    static Stream<Arguments> basePathsRefused() {
        return Stream.of(
                Arguments.of("auth", "must start with /, such as /auth"),
                Arguments.of("https://app.example/auth", "must start with /, such as /auth"),
                Arguments.of("/", "must be a path below the root, such as /auth, not / alone"),
                Arguments.of("/au th", "must not contain whitespace or control characters"),
                Arguments.of("/au\tth", "must not contain whitespace or control characters"),
                Arguments.of("/au\u0007th", "must not contain whitespace or control characters"),
                Arguments.of("/au\u00a0th", "must not contain whitespace or control characters"),
                Arguments.of("/auth?x=1", "must not contain a query or a fragment"),
                Arguments.of("/auth#top", "must not contain a query or a fragment"),
                Arguments.of("/auth/", "must not end with /"),
                Arguments.of("/a/../auth", "must not contain .."),
                Arguments.of("/auth..", "must not contain .."),
                Arguments.of("//auth", "must not contain an empty segment (//)"),
                Arguments.of("/a//auth", "must not contain an empty segment (//)"),
                Arguments.of("/a%2e%2e/auth", "may contain only ASCII letters, digits, -, ., _, ~ and /"),
                Arguments.of("/auth;jsessionid=1", "may contain only ASCII letters, digits, -, ., _, ~ and /"),
                Arguments.of("/a\\auth", "may contain only ASCII letters, digits, -, ., _, ~ and /"),
                Arguments.of("/anmeldung-\u00fc", "may contain only ASCII letters, digits, -, ., _, ~ and /"));
    }

    @ParameterizedTest
    @MethodSource("basePathsRefused")
    void basePathThatIsNotAPathBelowTheRootIsRefusedNamingTheKey(String basePath, String problem) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.base-path", basePath);

        AuthConfigurationException e = failure(config);

        assertThat(e.key()).isEqualTo("auth.base-path");
        assertThat(e.getMessage()).isEqualTo("auth.base-path (environment variable AUTH_BASE_PATH): " + problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "callback", "refresh", "logout", "back-channel_logout~1"})
    void endpointNamesAreOnePathSegment(String name) {
        AuthSettings settings = AuthSettings.from(TestConfig.values(TestConfig.minimal()));

        assertThat(settings.endpoint(name)).isEqualTo(URI.create("https://app.example/auth/" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/login", "login/", "a/b", "..", ".hidden", "login?x=1", "log in", "-login"})
    void endpointNameThatIsNotOnePathSegmentIsAProgrammingError(String name) {
        AuthSettings settings = AuthSettings.from(TestConfig.values(TestConfig.minimal()));

        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> settings.endpoint(name))
                .withMessage("an endpoint name is one path segment, such as login");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/home", "/app/start?tab=1", "/caf%C3%A9", "/a/b/"})
    void localPathsAreAcceptedAsTheDefaultReturnAndThePostLogoutPath(String path) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.default-return-to", path);
        config.put("auth.post-logout-path", path);

        AuthSettings settings = AuthSettings.from(TestConfig.values(config));

        assertThat(settings.defaultReturnTo().path()).isEqualTo(path);
        assertThat(settings.postLogoutPath()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"home", "https://evil.example/", "//evil.example", "/\\evil.example", "/%2Fevil.example",
            "javascript:alert(1)", "/home#top", "/caf\u00e9", "/a b", "/a\u0000b", "?tab=1"})
    void aPathThatIsNotLocalIsRefusedAsTheDefaultReturnAndThePostLogoutPath(String path) {
        for (String key : List.of("auth.default-return-to", "auth.post-logout-path")) {
            Map<String, String> config = TestConfig.minimal();
            config.put(key, path);

            AuthConfigurationException e = failure(config);

            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).isEqualTo(key + " (environment variable " + AuthConfigurationException.environmentName(key)
                    + "): must be a path of this service, such as /home: one leading /, no scheme or host, no backslash, "
                    + "fragment, whitespace or control character, and non-ASCII characters percent-encoded");
        }
    }

    @Test
    void aSignInWithoutASafeReturnPathReturnsToTheDefaultReturnPath() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.default-return-to", "/home");

        AuthSettings settings = AuthSettings.from(TestConfig.values(config));

        assertThat(settings.returnTo(null).path()).isEqualTo("/home");
        assertThat(settings.returnTo("").path()).isEqualTo("/home");
        assertThat(settings.returnTo("https://evil.example/").path()).isEqualTo("/home");
        assertThat(settings.returnTo("/").path()).as("asked for, and safe").isEqualTo("/");
        assertThat(settings.returnTo("/api/me").path()).isEqualTo("/api/me");
    }

    @Test
    void loginUriLeavesOutOnlyTheDefaultReturnPath() {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.default-return-to", "/home");

        AuthSettings settings = AuthSettings.from(TestConfig.values(config));

        assertThat(settings.loginUri(Optional.empty(), ReturnTo.parse("/home"))).isEqualTo(URI.create("https://app.example/auth/login"));
        assertThat(settings.loginUri(Optional.empty(), ReturnTo.ROOT))
                .isEqualTo(URI.create("https://app.example/auth/login?return_to=%2F"));
    }

    @Test
    void theNewKeysAreKnown() {
        assertThat(AuthSettings.KEYS).contains("auth.base-path", "auth.default-return-to", "auth.post-logout-path",
                "auth.session.idle-timeout");
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
