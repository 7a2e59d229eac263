package dev.portcullis.provider.auth0;

import static dev.portcullis.auth.ProviderConfigs.with;
import static dev.portcullis.auth.ProviderConfigs.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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
import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;
import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

/**
 * Auth0 ({@code auth.provider=auth0}): a tenant domain, an optional API audience, {@code client_secret_post}.
 */
class Auth0ProviderFactoryTest {

    private static final String CLIENT_ID = "Xy7pQ2portalClient";
    private static final String API = "https://api.example.com";

    private static final Map<String, String> MINIMAL = Map.of(
            "auth.auth0.domain", "tenant.eu.auth0.com",
            "auth.auth0.client-id", CLIENT_ID);

    @Test
    void isFoundByServiceLoaderUnderTheNameAuth0() {
        List<OidcProviderFactory> factories = ServiceLoader.load(OidcProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(factories).hasExactlyElementsOfTypes(Auth0ProviderFactory.class);
        assertThat(factories.getFirst().name()).isEqualTo("auth0");
    }

    @Test
    void minimalConfigurationGivesTheTenantWithoutBearerTokens() {
        ProviderDescriptor descriptor = create(MINIMAL).descriptor();

        assertThat(descriptor.name()).isEqualTo("auth0");
        assertThat(descriptor.displayName()).isEqualTo("Auth0");
        assertThat(descriptor.issuer()).isEqualTo(URI.create("https://tenant.eu.auth0.com/"));
        assertThat(descriptor.discoveryUri())
                .isEqualTo(URI.create("https://tenant.eu.auth0.com/.well-known/openid-configuration"));
        assertThat(descriptor.scopes()).containsExactly("openid", "profile", "email", "offline_access");
        assertThat(descriptor.authorizeParameters()).isEmpty();
        assertThat(descriptor.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_POST);
        assertThat(descriptor.endpointOverrides()).containsExactly(
                entry(Endpoint.REVOCATION, URI.create("https://tenant.eu.auth0.com/oauth/revoke")));
        assertThat(descriptor.idTokenRules()).isEqualTo(TokenRules.STANDARD);
        assertThat(descriptor.accessTokenRules()).as("bearer tokens are refused without an API audience").isEmpty();
        assertThat(descriptor.groupsClaim()).isEqualTo("permissions");
    }

    @Test
    void withAnApiAudienceItIsRequestedAtSignInAndRequiredInBearerTokens() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.audience", API)).descriptor();

        assertThat(descriptor.authorizeParameters()).containsExactly(entry("audience", API));
        assertThat(descriptor.accessTokenRules()).contains(new TokenRules(Set.of(API), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://login.example.com", "https://login.example.com/", "login.example.com"})
    void customDomainMayBeAHostOrAUrl(String domain) {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.domain", domain)).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("https://login.example.com/"));
        assertThat(descriptor.endpointOverrides())
                .containsExactly(entry(Endpoint.REVOCATION, URI.create("https://login.example.com/oauth/revoke")));
    }

    @Test
    void issuerSettingOverridesTheDefaultExactly() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.issuer", "https://login.example.com")).descriptor();

        assertThat(descriptor.issuer()).hasToString("https://login.example.com");
        assertThat(descriptor.discoveryUri())
                .isEqualTo(URI.create("https://login.example.com/.well-known/openid-configuration"));
        assertThat(descriptor.endpointOverrides()).as("revocation stays on the domain")
                .containsExactly(entry(Endpoint.REVOCATION, URI.create("https://tenant.eu.auth0.com/oauth/revoke")));
    }

    @Test
    void groupsClaimIsConfigurableForANamespacedRolesClaim() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.groups-claim", "https://example.com/roles")).descriptor();

        assertThat(descriptor.groupsClaim()).isEqualTo("https://example.com/roles");
    }

    @Test
    void scopesSettingReplacesTheDefault() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.scopes", "openid,email")).descriptor();

        assertThat(descriptor.scopes()).containsExactly("openid", "email");
    }

    @Test
    void displayNameIsConfigurable() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.display-name", "Example Login")).descriptor();

        assertThat(descriptor.displayName()).isEqualTo("Example Login");
    }

    @Test
    void plainHttpDomainOnLoopbackIsAccepted() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.domain", "http://127.0.0.1:9000/x")).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("http://127.0.0.1:9000/x/"));
        assertThat(descriptor.discoveryUri())
                .isEqualTo(URI.create("http://127.0.0.1:9000/x/.well-known/openid-configuration"));
        assertThat(descriptor.endpointOverrides())
                .containsExactly(entry(Endpoint.REVOCATION, URI.create("http://127.0.0.1:9000/x/oauth/revoke")));
    }

    @Test
    void plainHttpIssuerOnLoopbackIsAccepted() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.issuer", "http://127.0.0.1:9000/x")).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("http://127.0.0.1:9000/x"));
    }

    @Test
    void missingDomainIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.auth0.domain"), "auth.auth0.domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tenant.eu.auth0.com", "tenant eu auth0", "https://tenant.eu.auth0.com?x=1"})
    void domainThatIsNotAnHttpsHostOrUrlIsRefused(String domain) {
        assertRejectedNaming(with(MINIMAL, "auth.auth0.domain", domain), "auth.auth0.domain");
    }

    @Test
    void plainHttpIssuerToARemoteHostIsRefused() {
        assertRejectedNaming(with(MINIMAL, "auth.auth0.issuer", "http://tenant.eu.auth0.com/"), "auth.auth0.issuer");
    }

    @Test
    void missingClientIdIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.auth0.client-id"), "auth.auth0.client-id");
    }

    @Test
    void anAudienceEqualToTheClientIdIsRefusedBecauseIdTokensWouldPassAsAccessTokens() {
        assertRejectedNaming(with(MINIMAL, "auth.auth0.audience", CLIENT_ID), "auth.auth0.audience");
    }

    @Test
    void anOrganizationIdIsSentOnEverySignInAndRequiredAsOrgIdInIdAndBearerTokens() {
        ProviderDescriptor descriptor = create(with(with(MINIMAL, "auth.auth0.organization", "org_W30Ddz5kQ7"), "auth.auth0.audience", API))
                .descriptor();

        assertThat(descriptor.authorizeParameters()).containsExactly(entry("organization", "org_W30Ddz5kQ7"), entry("audience", API));
        assertThat(descriptor.idTokenRules()).isEqualTo(new TokenRules(Set.of(), Map.of("org_id", "org_W30Ddz5kQ7")));
        assertThat(descriptor.accessTokenRules()).contains(new TokenRules(Set.of(API), Map.of("org_id", "org_W30Ddz5kQ7")));
        assertThat(descriptor.forwardableParameters()).as("an invitation link signs in").containsExactly("invitation");
    }

    @Test
    void anOrganizationNameIsComparedWithOrgNameInLowerCaseAsAuth0IssuesIt() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.organization", "Acme-Corp")).descriptor();

        assertThat(descriptor.authorizeParameters()).containsExactly(entry("organization", "Acme-Corp"));
        assertThat(descriptor.idTokenRules()).isEqualTo(new TokenRules(Set.of(), Map.of("org_name", "acme-corp")));
    }

    @Test
    void connectionsAreFederatedSignInButtonsByTheConnectionParameter() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.auth0.connections", "google-oauth2, acme-saml")).descriptor();

        assertThat(descriptor.federationParameter()).contains("connection");
        assertThat(descriptor.identityProviders()).containsExactly("google-oauth2", "acme-saml");
        assertThat(descriptor.forwardableParameters()).isEmpty();
    }

    @Test
    void aTenantOfAnotherNameIsConfiguredUnderItsOwnName() {
        OidcProvider provider = new Auth0ProviderFactory().create(ProviderConfigs.of("partners", Map.of(
                "auth.partners.domain", "partners.eu.auth0.com", "auth.partners.client-id", CLIENT_ID)));

        assertThat(provider.descriptor().name()).isEqualTo("partners");
        assertThat(provider.descriptor().issuer()).isEqualTo(URI.create("https://partners.eu.auth0.com/"));
    }

    private static OidcProvider create(Map<String, String> values) {
        return new Auth0ProviderFactory().create(ProviderConfigs.of("auth0", values));
    }

    private static void assertRejectedNaming(Map<String, String> values, String key) {
        ProviderConfigs.assertStartupErrorNames(() -> create(values), key);
    }
}
