package dev.portcullis.provider.oidc;

import static dev.portcullis.auth.ProviderConfigs.with;
import static dev.portcullis.auth.ProviderConfigs.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.portcullis.auth.ProviderConfigs;
import dev.portcullis.auth.spi.ClientAuthentication;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;
import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

/**
 * The generic OpenID Connect provider ({@code auth.provider=oidc}): everything from the issuer and discovery.
 */
class GenericOidcProviderFactoryTest {

    private static final String ISSUER = "https://login.example.com/realms/shop";
    private static final String CLIENT_ID = "shop-portal";

    private static final Map<String, String> MINIMAL = Map.of(
            "auth.oidc.issuer", ISSUER,
            "auth.oidc.client-id", CLIENT_ID);

    @Test
    void isFoundByServiceLoaderUnderTheNameOidc() {
        List<OidcProviderFactory> factories = ServiceLoader.load(OidcProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(factories).hasExactlyElementsOfTypes(GenericOidcProviderFactory.class);
        assertThat(factories.getFirst().name()).isEqualTo("oidc");
    }

    @Test
    void minimalConfigurationGivesAStandardProvider() {
        ProviderDescriptor descriptor = create(MINIMAL).descriptor();

        assertThat(descriptor.name()).isEqualTo("oidc");
        assertThat(descriptor.displayName()).isEqualTo("OpenID Connect");
        assertThat(descriptor.issuer()).isEqualTo(URI.create(ISSUER));
        assertThat(descriptor.discoveryUri())
                .isEqualTo(URI.create("https://login.example.com/realms/shop/.well-known/openid-configuration"));
        assertThat(descriptor.scopes()).containsExactly("openid", "profile", "email");
        assertThat(descriptor.authorizeParameters()).isEmpty();
        assertThat(descriptor.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(descriptor.endpointOverrides()).isEmpty();
        assertThat(descriptor.idTokenRules()).isEqualTo(TokenRules.STANDARD);
        assertThat(descriptor.accessTokenRules()).as("no audience: bearer tokens refused").isEmpty();
        assertThat(descriptor.groupsClaim()).isEqualTo("groups");
    }

    @Test
    void issuerIsKeptExactlyIncludingATrailingSlash() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.oidc.issuer", "https://login.example.com/")).descriptor();

        assertThat(descriptor.issuer()).hasToString("https://login.example.com/");
        assertThat(descriptor.discoveryUri())
                .isEqualTo(URI.create("https://login.example.com/.well-known/openid-configuration"));
    }

    @Test
    void bearerTokensMustCarryTheConfiguredAudienceInsteadOfTheClientId() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.oidc.audience", "api://shop")).descriptor();

        assertThat(descriptor.accessTokenRules()).contains(new TokenRules(Set.of("api://shop"), Map.of()));
    }

    @Test
    void anAudienceEqualToTheClientIdIsRefusedBecauseIdTokensWouldPassAsAccessTokens() {
        assertRejectedNaming(with(MINIMAL, "auth.oidc.audience", CLIENT_ID), "auth.oidc.audience");
    }

    @Test
    void groupsClaimIsConfigurable() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.oidc.groups-claim", "realm_roles")).descriptor();

        assertThat(descriptor.groupsClaim()).isEqualTo("realm_roles");
    }

    @Test
    void scopesComeFromConfigurationInOrder() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.oidc.scopes", "openid, offline_access ,profile")).descriptor();

        assertThat(descriptor.scopes()).containsExactly("openid", "offline_access", "profile");
    }

    @Test
    void openidIsAddedFirstWhenTheConfiguredScopesLackIt() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.oidc.scopes", "profile,email")).descriptor();

        assertThat(descriptor.scopes()).containsExactly("openid", "profile", "email");
    }

    @Test
    void displayNameIsConfigurable() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.oidc.display-name", "Keycloak")).descriptor();

        assertThat(descriptor.displayName()).isEqualTo("Keycloak");
    }

    @Test
    void plainHttpIssuerOnLoopbackIsAccepted() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.oidc.issuer", "http://127.0.0.1:9000/x")).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("http://127.0.0.1:9000/x"));
        assertThat(descriptor.discoveryUri())
                .isEqualTo(URI.create("http://127.0.0.1:9000/x/.well-known/openid-configuration"));
    }

    @Test
    void missingIssuerIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.oidc.issuer"), "auth.oidc.issuer");
    }

    @Test
    void blankIssuerCountsAsMissing() {
        assertRejectedNaming(with(MINIMAL, "auth.oidc.issuer", "   "), "auth.oidc.issuer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://login.example.com/realms/shop", "ftp://login.example.com", "login.example.com",
            "https://login.example.com/realms/shop?x=1"})
    void issuerThatIsNotAnHttpsUrlIsRefused(String issuer) {
        assertRejectedNaming(with(MINIMAL, "auth.oidc.issuer", issuer), "auth.oidc.issuer");
    }

    @Test
    void missingClientIdIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.oidc.client-id"), "auth.oidc.client-id");
    }

    private static OidcProvider create(Map<String, String> values) {
        return new GenericOidcProviderFactory().create(ProviderConfigs.of("oidc", values));
    }

    private static void assertRejectedNaming(Map<String, String> values, String key) {
        ProviderConfigs.assertStartupErrorNames(() -> create(values), key);
    }
}
