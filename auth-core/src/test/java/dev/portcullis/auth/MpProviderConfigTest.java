package dev.portcullis.auth;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.portcullis.auth.spi.ProviderConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A provider module's view of auth.&lt;name&gt;.* settings; every problem names the full key. */
class MpProviderConfigTest {

    private final Map<String, String> values = new HashMap<>();
    private final ProviderConfig config = new MpProviderConfig("cognito", TestConfig.values(values));

    @Test
    void keysAreUnderTheProviderName() {
        assertThat(config.providerName()).isEqualTo("cognito");
        assertThat(config.key("domain")).isEqualTo("auth.cognito.domain");
    }

    @Test
    void valuesAreTrimmedAndBlankCountsAsAbsent() {
        values.put("auth.cognito.region", "  eu-west-1 ");
        values.put("auth.cognito.blank", "   ");

        assertThat(config.value("region")).contains("eu-west-1");
        assertThat(config.value("blank")).isEmpty();
        assertThat(config.value("missing")).isEmpty();
    }

    @Test
    void requireNamesTheFullKeyAndItsEnvironmentVariable() {
        AuthConfigurationException e = catchThrowableOfType(AuthConfigurationException.class, () -> config.require("domain"));

        assertThat(e.key()).isEqualTo("auth.cognito.domain");
        assertThat(e.getMessage()).isEqualTo("auth.cognito.domain (environment variable AUTH_COGNITO_DOMAIN): is required but not set");
    }

    @Test
    void clientIdIsRequired() {
        assertThat(catchThrowableOfType(AuthConfigurationException.class, config::clientId).key()).isEqualTo("auth.cognito.client-id");

        values.put("auth.cognito.client-id", "abc");
        assertThat(config.clientId()).isEqualTo("abc");
    }

    @Test
    void listIsCommaSeparatedTrimmedWithoutBlanks() {
        values.put("auth.cognito.scopes", " openid, profile ,,email ");

        assertThat(config.list("scopes")).containsExactly("openid", "profile", "email");
        assertThat(config.list("missing")).isEmpty();
    }

    @Test
    void urlMustBeHttpsOrLoopbackHttp() {
        values.put("auth.cognito.issuer", "https://issuer.example/pool/");
        values.put("auth.cognito.local", "http://localhost:9000/");
        values.put("auth.cognito.plain", "http://issuer.example/");

        assertThat(config.url("issuer")).contains(URI.create("https://issuer.example/pool/"));
        assertThat(config.url("local")).contains(URI.create("http://localhost:9000/"));
        assertThat(config.url("missing")).isEmpty();
        AuthConfigurationException e = catchThrowableOfType(AuthConfigurationException.class, () -> config.url("plain"));
        assertThat(e.key()).isEqualTo("auth.cognito.plain");
    }

    @Test
    void hostOrUrlAcceptsAHostNameOrABaseUrlWithoutTrailingSlash() {
        values.put("auth.cognito.a", "login.example.com");
        values.put("auth.cognito.b", "https://login.example.com/");
        values.put("auth.cognito.c", "http://127.0.0.1:9000");
        values.put("auth.cognito.d", "login.example.com:8443");

        assertThat(config.hostOrUrl("a")).contains(URI.create("https://login.example.com"));
        assertThat(config.hostOrUrl("b")).contains(URI.create("https://login.example.com"));
        assertThat(config.hostOrUrl("c")).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.hostOrUrl("d")).contains(URI.create("https://login.example.com:8443"));
        assertThat(config.hostOrUrl("missing")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"login.example.com/path", "user@login.example.com", "-login.example.com", "login example", "http://login.example.com",
            "https://login.example.com?x=1"})
    void hostOrUrlRefusesAnythingElseNamingTheKey(String value) {
        values.put("auth.cognito.domain", value);

        AuthConfigurationException e = catchThrowableOfType(AuthConfigurationException.class, () -> config.hostOrUrl("domain"));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("auth.cognito.domain");
        assertThat(e.getMessage()).contains("AUTH_COGNITO_DOMAIN").doesNotContain("\n");
    }

    @Test
    void invalidGivesTheStartUpErrorForTheKey() {
        RuntimeException error = config.invalid("region", "must be an AWS region such as eu-west-1");

        assertThat(error).isInstanceOf(AuthConfigurationException.class);
        assertThat(ProviderConfigs.keyOf(error)).isEqualTo("auth.cognito.region");
        assertThat(error.getMessage())
                .isEqualTo("auth.cognito.region (environment variable AUTH_COGNITO_REGION): must be an AWS region such as eu-west-1");
    }

    @Test
    void testFixtureReadsTheSameWay() {
        ProviderConfig fixture = ProviderConfigs.of("auth0", Map.of("auth.auth0.domain", " tenant.eu.auth0.com "));

        assertThat(fixture.hostOrUrl("domain")).contains(URI.create("https://tenant.eu.auth0.com"));
        assertThat(ProviderConfigs.keyOf(catchThrowableOfType(AuthConfigurationException.class, () -> fixture.require("audience"))))
                .isEqualTo("auth.auth0.audience");
    }
}
