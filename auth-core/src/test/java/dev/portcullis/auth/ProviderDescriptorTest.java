package dev.portcullis.auth;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.portcullis.auth.spi.ClientAuthentication;
import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SPI data a provider module states its quirks with, and the limits on it. */
class ProviderDescriptorTest {

    private static final URI ISSUER = URI.create("https://issuer.example/");

    @Test
    void defaultsAreStandardOpenIdConnect() {
        ProviderDescriptor descriptor = ProviderDescriptor.builder("test", ISSUER).build();

        assertThat(descriptor.name()).isEqualTo("test");
        assertThat(descriptor.displayName()).isEqualTo("test");
        assertThat(descriptor.issuer()).isEqualTo(ISSUER);
        assertThat(descriptor.discoveryUri()).isEqualTo(URI.create("https://issuer.example/.well-known/openid-configuration"));
        assertThat(descriptor.scopes()).containsExactly("openid", "profile", "email");
        assertThat(descriptor.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(descriptor.idTokenRules()).isEqualTo(TokenRules.STANDARD);
        assertThat(descriptor.accessTokenRules()).isEmpty();
        assertThat(descriptor.groupsClaim()).isEqualTo("groups");
        assertThat(descriptor.authorizeParameters()).isEmpty();
        assertThat(descriptor.endpointOverrides()).isEmpty();
    }

    @Test
    void discoveryUriIsDerivedWithOrWithoutTrailingSlash() {
        assertThat(ProviderDescriptor.discoveryUriOf(URI.create("https://tenant.auth0.com/")))
                .isEqualTo(URI.create("https://tenant.auth0.com/.well-known/openid-configuration"));
        assertThat(ProviderDescriptor.discoveryUriOf(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc")))
                .isEqualTo(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/openid-configuration"));
    }

    @Test
    void scopesAlwaysStartWithOpenidWithoutDuplicates() {
        ProviderDescriptor descriptor = ProviderDescriptor.builder("test", ISSUER)
                .scopes(List.of("email", "openid", "email")).addScope("offline_access").build();

        assertThat(descriptor.scopes()).containsExactly("openid", "email", "offline_access");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "two words", "quote\"", "back\\slash", "caf\u00e9"})
    void invalidScopeIsRefused(String scope) {
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", ISSUER).addScope(scope));
    }

    @ParameterizedTest
    @ValueSource(strings = {"state", "nonce", "redirect_uri", "client_id", "code_challenge", "response_type", "scope", "request_uri"})
    void relyingPartyParametersCannotBeReplaced(String parameter) {
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", ISSUER).authorizeParameter(parameter, "x"));
    }

    @Test
    void extraAuthorizeParametersKeepTheirOrder() {
        ProviderDescriptor descriptor = ProviderDescriptor.builder("test", ISSUER)
                .authorizeParameter("audience", "api").authorizeParameter("prompt", "login").build();

        assertThat(descriptor.authorizeParameters()).containsExactly(Map.entry("audience", "api"), Map.entry("prompt", "login"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Test", "1abc", "has space", "a_b", "a.b", "abcdefghijklmnopqrstuvwxyz0123456"})
    void invalidProviderNameIsRefused(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder(name, ISSUER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/relative", "https://issuer.example/?x=1", "https://issuer.example/#f"})
    void issuerMustBeAbsoluteWithoutQueryOrFragment(String issuer) {
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", URI.create(issuer)));
    }

    @Test
    void tokenRulesRefuseBlankAudiencesAndValues() {
        assertThatIllegalArgumentException().isThrownBy(TokenRules::audience);
        assertThatIllegalArgumentException().isThrownBy(() -> TokenRules.audience(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenRules(Set.of(), Map.of("token_use", " ")));
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenRules(Set.of(), Map.of(" ", "x")));
    }

    @Test
    void requireValueAddsToTheRules() {
        TokenRules rules = TokenRules.audience("api").requireValue("token_use", "access").requireValue("client_id", "x");

        assertThat(rules.audiences()).containsExactly("api");
        assertThat(rules.requiredValues()).containsOnly(Map.entry("token_use", "access"), Map.entry("client_id", "x"));
        assertThat(TokenRules.STANDARD.requiredValues()).isEmpty();
    }

    @Test
    void requireOneOfAddsAClaimLimitedToASetOfValues() {
        TokenRules rules = TokenRules.STANDARD.requireValue("token_use", "access").requireOneOf("client_id", Set.of("a", "b"));

        assertThat(rules.requiredValues()).containsOnly(Map.entry("token_use", "access"));
        assertThat(rules.allowedValues()).containsOnly(Map.entry("client_id", Set.of("a", "b")));
        assertThat(TokenRules.STANDARD.allowedValues()).isEmpty();
    }

    @Test
    void tokenRulesRefuseAnEmptyOrBlankSetOfAllowedValuesAndAClaimBothRequiredAndAllowed() {
        assertThatIllegalArgumentException().isThrownBy(() -> TokenRules.STANDARD.requireOneOf("client_id", Set.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> TokenRules.STANDARD.requireOneOf("client_id", Set.of("a", " ")));
        assertThatIllegalArgumentException().isThrownBy(() -> TokenRules.STANDARD.requireOneOf(" ", Set.of("a")));
        assertThatIllegalArgumentException().isThrownBy(() -> TokenRules.STANDARD.requireValue("client_id", "a")
                .requireOneOf("client_id", Set.of("a", "b")));
    }

    @Test
    void allowedValuesAreFrozen() {
        Set<String> values = new java.util.HashSet<>(Set.of("a"));
        TokenRules rules = TokenRules.STANDARD.requireOneOf("client_id", values);
        values.add("b");

        assertThat(rules.allowedValues().get("client_id")).containsExactly("a");
        assertThatThrownBy(() -> rules.allowedValues().get("client_id").add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void otherBearerIssuersAreKeptInOrderWithTheirJwks() {
        URI other = URI.create("https://other.example/pool");
        ProviderDescriptor descriptor = ProviderDescriptor.builder("test", ISSUER).accessTokenRules(TokenRules.audience("api"))
                .otherBearerIssuer(other, URI.create("https://other.example/pool/.well-known/jwks.json")).build();

        assertThat(descriptor.otherBearerIssuers())
                .containsExactly(Map.entry(other, URI.create("https://other.example/pool/.well-known/jwks.json")));
        assertThat(ProviderDescriptor.builder("test", ISSUER).build().otherBearerIssuers()).isEmpty();
    }

    @Test
    void otherBearerIssuersMustBeOtherAbsoluteAndNeedAccessTokenRules() {
        URI jwks = URI.create("https://other.example/jwks");
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", ISSUER).otherBearerIssuer(ISSUER, jwks));
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", ISSUER)
                .otherBearerIssuer(URI.create("/relative"), jwks));
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", ISSUER)
                .otherBearerIssuer(URI.create("https://other.example/?q=1"), jwks));
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", ISSUER)
                .otherBearerIssuer(URI.create("https://other.example"), URI.create("jwks")));
        assertThatIllegalArgumentException().isThrownBy(() -> ProviderDescriptor.builder("test", ISSUER)
                .otherBearerIssuer(URI.create("https://other.example"), jwks).build());
    }
}
