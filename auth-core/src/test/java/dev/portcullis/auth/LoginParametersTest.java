package dev.portcullis.auth;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Login parameters: fixed ones from {@code auth.<name>.authorize-params.*} on every authorization request, those listed
 * in {@code auth.<name>.forward-params} passed through from {@code /auth/login}, a configured federated identity
 * provider, and never a parameter the relying party sets itself. Against a real OpenID provider on loopback
 * (mock-oauth2-server) for its discovery; the authorization URL is read back exactly.
 */
class LoginParametersTest {

    MockOAuth2Server provider;
    Map<String, String> config;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", provider.issuerUrl("test").toString());
        config.put("auth.test.client-id", "web-client");
        config.put("auth.test.client-secret", "web-secret");
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    @Test
    void fixedParametersGoOnEveryAuthorizationRequest() {
        config.put("auth.test.authorize-params.prompt", "login");
        config.put("auth.test.authorize-params.ui_locales", "de");

        Map<String, String> query = authorizeQuery(Map.of());

        assertThat(query).containsEntry("prompt", "login").containsEntry("ui_locales", "de");
        assertThat(query.keySet()).containsExactlyInAnyOrder("response_type", "client_id", "redirect_uri", "scope", "state",
                "nonce", "code_challenge", "code_challenge_method", "prompt", "ui_locales");
    }

    @Test
    void onlyListedParametersArePassedThroughAndARequestsValueReplacesAFixedOne() {
        config.put("auth.test.authorize-params.prompt", "login");
        config.put("auth.test.forward-params", "prompt,login_hint");

        Map<String, String> query = authorizeQuery(Map.of("prompt", List.of("none"), "login_hint", List.of("alice@example.com"),
                "ui_locales", List.of("de"), "provider", List.of("test")));

        assertThat(query).containsEntry("prompt", "none").containsEntry("login_hint", "alice@example.com")
                .doesNotContainKey("ui_locales").doesNotContainKey("provider");
    }

    @Test
    void withoutForwardParamsNothingARequestCarriesIsPassedThrough() {
        Map<String, String> query = authorizeQuery(Map.of("prompt", List.of("none"), "login_hint", List.of("alice")));

        assertThat(query).doesNotContainKeys("prompt", "login_hint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method", "response_type",
            "client_id", "scope"})
    void aParameterPortcullisSetsItselfCanBeNeitherFixedNorForwarded(String parameter) {
        Map<String, String> fixed = new HashMap<>(config);
        fixed.put("auth.test.authorize-params." + parameter, "https://evil.example/");
        assertThatExceptionOfType(AuthConfigurationException.class).isThrownBy(() -> party(fixed))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.test.authorize-params." + parameter));

        Map<String, String> forwarded = new HashMap<>(config);
        forwarded.put("auth.test.forward-params", "prompt," + parameter);
        assertThatExceptionOfType(AuthConfigurationException.class).isThrownBy(() -> party(forwarded))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.test.forward-params"));
    }

    @Test
    void aPassedThroughParameterThatIsRepeatedTooLongOrHoldsAControlCharacterIsRefused() {
        config.put("auth.test.forward-params", "login_hint");

        for (List<String> values : List.of(List.of("a", "b"), List.of("a".repeat(LoginParameters.MAX_VALUE_LENGTH + 1)), List.of("a\r\nb"))) {
            assertThatExceptionOfType(BadRequestException.class)
                    .isThrownBy(() -> party(config).startLogin(Optional.empty(), "/", Map.of("login_hint", values)))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_INVALID));
        }
    }

    @Test
    void maxAgeAndAcrValuesAlwaysPassForTheCallbackToCheckAndMustBeWellFormed() {
        Map<String, String> query = authorizeQuery(Map.of("max_age", List.of("300"), "acr_values", List.of("urn:mfa urn:hwk")));

        assertThat(query).containsEntry("max_age", "300").containsEntry("acr_values", "urn:mfa urn:hwk");
        for (Map<String, List<String>> bad : List.of(Map.of("max_age", List.of("-1")), Map.of("max_age", List.of("5m")),
                Map.of("acr_values", List.of("a\"b")))) {
            assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> party(config).startLogin(Optional.empty(), "/", bad))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_INVALID));
        }
    }

    @Test
    void aConfiguredIdentityProviderIsPassedThroughAndNoOther() {
        config.put("auth.test.identity-providers", "Google,SAML-Corp");
        OidcRelyingParty party = party(config);

        assertThat(authorizeQuery(party, Map.of("idp_hint", List.of("SAML-Corp")))).containsEntry("idp_hint", "SAML-Corp");
        assertThatExceptionOfType(BadRequestException.class)
                .isThrownBy(() -> party.startLogin(Optional.empty(), "/", Map.of("idp_hint", List.of("Evil"))))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_INVALID));
        assertThat(party.providers()).singleElement().satisfies(info -> assertThat(info.identityProviders()).containsExactly(
                new ProviderInfo.IdentityProvider("idp_hint", "Google"), new ProviderInfo.IdentityProvider("idp_hint", "SAML-Corp")));
    }

    private Map<String, String> authorizeQuery(Map<String, List<String>> requested) {
        return authorizeQuery(party(config), requested);
    }

    private static Map<String, String> authorizeQuery(OidcRelyingParty party, Map<String, List<String>> requested) {
        URI authorization = party.startLogin(Optional.empty(), "/", requested).authorizationUri();
        Map<String, String> query = new LinkedHashMap<>();
        URLUtils.parseParameters(authorization.getRawQuery()).forEach((name, values) -> query.put(name, values.get(0)));
        return query;
    }

    private static OidcRelyingParty party(Map<String, String> config) {
        return OidcRelyingParty.create(TestConfig.values(config), Clock.systemUTC(), Map.of("test", new FakeProviderFactory("test")));
    }
}
