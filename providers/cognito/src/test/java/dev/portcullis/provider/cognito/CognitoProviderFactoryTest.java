package dev.portcullis.provider.cognito;

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
 * Amazon Cognito ({@code auth.provider=cognito}): issuer from region and user pool, endpoints on the
 * managed-login domain, {@code token_use} and {@code client_id} checks.
 */
class CognitoProviderFactoryTest {

    private static final String CLIENT_ID = "4k2j9cognitoappclient";
    private static final String DOMAIN = "https://my-app.auth.eu-west-1.amazoncognito.com";

    private static final Map<String, String> MINIMAL = Map.of(
            "auth.cognito.region", "eu-west-1",
            "auth.cognito.user-pool-id", "eu-west-1_AbCdEf123",
            "auth.cognito.domain", "my-app.auth.eu-west-1.amazoncognito.com",
            "auth.cognito.client-id", CLIENT_ID);

    @Test
    void isFoundByServiceLoaderUnderTheNameCognito() {
        List<OidcProviderFactory> factories = ServiceLoader.load(OidcProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(factories).hasExactlyElementsOfTypes(CognitoProviderFactory.class);
        assertThat(factories.getFirst().name()).isEqualTo("cognito");
    }

    @Test
    void minimalConfigurationGivesTheUserPool() {
        ProviderDescriptor descriptor = create(MINIMAL).descriptor();

        assertThat(descriptor.name()).isEqualTo("cognito");
        assertThat(descriptor.displayName()).isEqualTo("Amazon Cognito");
        assertThat(descriptor.issuer())
                .isEqualTo(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"));
        assertThat(descriptor.discoveryUri()).isEqualTo(URI.create(
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/openid-configuration"));
        assertThat(descriptor.scopes()).containsExactly("openid", "profile", "email");
        assertThat(descriptor.authorizeParameters()).isEmpty();
        assertThat(descriptor.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(descriptor.endpointOverrides()).containsOnly(
                entry(Endpoint.AUTHORIZATION, URI.create(DOMAIN + "/oauth2/authorize")),
                entry(Endpoint.TOKEN, URI.create(DOMAIN + "/oauth2/token")),
                entry(Endpoint.REVOCATION, URI.create(DOMAIN + "/oauth2/revoke")),
                entry(Endpoint.USERINFO, URI.create(DOMAIN + "/oauth2/userInfo")));
        assertThat(descriptor.idTokenRules()).isEqualTo(new TokenRules(Set.of(), Map.of("token_use", "id")));
        assertThat(descriptor.accessTokenRules())
                .contains(new TokenRules(Set.of(), Map.of("token_use", "access"), Map.of("client_id", Set.of(CLIENT_ID))));
        assertThat(descriptor.groupsClaim()).isEqualTo("cognito:groups");
    }

    @Test
    void identityProvidersAreFederatedSignInButtonsByTheIdentityProviderParameter() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.identity-providers", "Google,SAML-Corp")).descriptor();

        assertThat(descriptor.federationParameter()).contains("identity_provider");
        assertThat(descriptor.identityProviders()).containsExactly("Google", "SAML-Corp");
    }

    @Test
    void allowedClientIdsReplaceTheServicesOwnClientIdInTheAccessTokenRules() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.allowed-client-ids",
                " " + CLIENT_ID + ", 7m2mreportsclient ,")).descriptor();

        assertThat(descriptor.accessTokenRules()).contains(new TokenRules(Set.of(), Map.of("token_use", "access"),
                Map.of("client_id", Set.of(CLIENT_ID, "7m2mreportsclient"))));
        assertThat(descriptor.idTokenRules()).as("ID tokens stay this client's own")
                .isEqualTo(new TokenRules(Set.of(), Map.of("token_use", "id")));
    }

    @Test
    void allowedClientIdsIsAKnownSetting() {
        assertThat(new CognitoProviderFactory().settingNames()).contains("allowed-client-ids");
    }

    @Test
    void issuerFollowsTheRegionAndPool() {
        ProviderDescriptor descriptor = create(with(with(MINIMAL,
                "auth.cognito.region", "us-gov-west-1"),
                "auth.cognito.user-pool-id", "us-gov-west-1_Zz9")).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Zz9"));
    }

    @Test
    void updatedIssuerTypeGivesTheIssuerCognitoIdpIssuerOfThePoolsRegion() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.issuer-type", "updated")).descriptor();

        assertThat(descriptor.issuer())
                .isEqualTo(URI.create("https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"));
        assertThat(descriptor.discoveryUri()).isEqualTo(URI.create(
                "https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/openid-configuration"));
        assertThat(descriptor.endpointOverrides()).as("the managed-login endpoints do not move")
                .containsEntry(Endpoint.TOKEN, URI.create(DOMAIN + "/oauth2/token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"original", "ORIGINAL", " Original "})
    void originalIssuerTypeIsTheDefaultsIssuerInAnyCase(String type) {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.issuer-type", type)).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"new", "issuer-cognito-idp", "multi-region", "UPDATED_"})
    void anUnknownIssuerTypeIsAStartUpErrorNamingTheKey(String type) {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.issuer-type", type), "auth.cognito.issuer-type");
    }

    @Test
    void issuerTypeBesideAWholeIssuerIsAStartUpErrorNamingTheType() {
        Map<String, String> values = with(MINIMAL, "auth.cognito.issuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
        values.put("auth.cognito.issuer-type", "updated");

        assertRejectedNaming(values, "auth.cognito.issuer-type");
    }

    @Test
    void updatedIssuerOfAPoolOfAnotherRegionIsStillAStartUpErrorNamingThePoolId() {
        Map<String, String> values = with(MINIMAL, "auth.cognito.issuer-type", "updated");
        values.put("auth.cognito.user-pool-id", "us-east-1_AbCdEf123");

        assertRejectedNaming(values, "auth.cognito.user-pool-id");
    }

    @Test
    void byDefaultTheOnlyIssuerIsThePoolsOwn() {
        assertThat(create(MINIMAL).descriptor().otherBearerIssuers()).isEmpty();
        assertThat(create(with(MINIMAL, "auth.cognito.accepted-issuer-types", "original")).descriptor().otherBearerIssuers()).isEmpty();
    }

    @Test
    void acceptedIssuerTypesAddThePoolsOtherIssuerForBearerTokensWithItsOwnJwks() {
        Map<String, String> values = with(MINIMAL, "auth.cognito.issuer-type", "updated");
        values.put("auth.cognito.accepted-issuer-types", "original, updated");

        ProviderDescriptor descriptor = create(values).descriptor();

        assertThat(descriptor.issuer()).as("sign-in uses the issuer type")
                .isEqualTo(URI.create("https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"));
        assertThat(descriptor.otherBearerIssuers()).containsExactly(entry(
                URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"),
                URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json")));
    }

    @Test
    void acceptedIssuerTypesWorkTheOtherWayRoundToo() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.accepted-issuer-types", "updated,original")).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"));
        assertThat(descriptor.otherBearerIssuers()).containsOnlyKeys(
                URI.create("https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"));
    }

    @Test
    void acceptedIssuerTypesWithoutTheIssuerTypeIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.accepted-issuer-types", "updated"), "auth.cognito.accepted-issuer-types");
    }

    @ParameterizedTest
    @ValueSource(strings = {"original,replica", "us-east-1", "original;updated"})
    void anUnknownAcceptedIssuerTypeIsAStartUpErrorNamingTheKey(String types) {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.accepted-issuer-types", types), "auth.cognito.accepted-issuer-types");
    }

    @Test
    void acceptedIssuerTypesBesideAWholeIssuerIsAStartUpErrorNamingThem() {
        Map<String, String> values = with(MINIMAL, "auth.cognito.issuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
        values.put("auth.cognito.accepted-issuer-types", "original,updated");

        assertRejectedNaming(values, "auth.cognito.accepted-issuer-types");
    }

    @Test
    void customDomainGivenAsAUrlCarriesTheEndpoints() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.domain", "https://auth.example.com/")).descriptor();

        assertThat(descriptor.endpointOverrides()).containsOnly(
                entry(Endpoint.AUTHORIZATION, URI.create("https://auth.example.com/oauth2/authorize")),
                entry(Endpoint.TOKEN, URI.create("https://auth.example.com/oauth2/token")),
                entry(Endpoint.REVOCATION, URI.create("https://auth.example.com/oauth2/revoke")),
                entry(Endpoint.USERINFO, URI.create("https://auth.example.com/oauth2/userInfo")));
        assertThat(descriptor.issuer()).as("the domain is not the issuer")
                .isEqualTo(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"));
    }

    @Test
    void issuerSettingMakesRegionAndPoolUnnecessary() {
        Map<String, String> values = without(without(MINIMAL, "auth.cognito.region"), "auth.cognito.user-pool-id");
        values.put("auth.cognito.issuer", "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other");

        ProviderDescriptor descriptor = create(values).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other"));
        assertThat(descriptor.discoveryUri()).isEqualTo(URI.create(
                "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other/.well-known/openid-configuration"));
    }

    @Test
    void plainHttpOnLoopbackIsAcceptedForIssuerAndDomain() {
        ProviderDescriptor descriptor = create(Map.of(
                "auth.cognito.issuer", "http://127.0.0.1:9000/x",
                "auth.cognito.domain", "http://127.0.0.1:9000/x",
                "auth.cognito.client-id", CLIENT_ID)).descriptor();

        assertThat(descriptor.issuer()).isEqualTo(URI.create("http://127.0.0.1:9000/x"));
        assertThat(descriptor.endpointOverrides()).contains(
                entry(Endpoint.AUTHORIZATION, URI.create("http://127.0.0.1:9000/x/oauth2/authorize")),
                entry(Endpoint.TOKEN, URI.create("http://127.0.0.1:9000/x/oauth2/token")));
    }

    @Test
    void scopesSettingReplacesTheDefault() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.scopes", "openid,email,aws.cognito.signin.user.admin"))
                .descriptor();

        assertThat(descriptor.scopes()).containsExactly("openid", "email", "aws.cognito.signin.user.admin");
    }

    @Test
    void displayNameIsConfigurable() {
        ProviderDescriptor descriptor = create(with(MINIMAL, "auth.cognito.display-name", "Example Staff")).descriptor();

        assertThat(descriptor.displayName()).isEqualTo("Example Staff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ireland", "EU-WEST-1", "eu-west", "eu_west_1"})
    void badRegionIsAStartUpErrorNamingTheKey(String region) {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.region", region), "auth.cognito.region");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AbCdEf123", "eu-west-1-AbCdEf123", "eu-west-1_", "eu-west-1_Ab/Cd"})
    void badUserPoolIdIsAStartUpErrorNamingTheKey(String poolId) {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.user-pool-id", poolId), "auth.cognito.user-pool-id");
    }

    @Test
    void userPoolOfAnotherRegionIsAStartUpErrorNamingThePoolId() {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.user-pool-id", "us-east-1_AbCdEf123"), "auth.cognito.user-pool-id");
    }

    @Test
    void missingRegionIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.cognito.region"), "auth.cognito.region");
    }

    @Test
    void missingUserPoolIdIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.cognito.user-pool-id"), "auth.cognito.user-pool-id");
    }

    @Test
    void missingDomainIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.cognito.domain"), "auth.cognito.domain");
    }

    @Test
    void missingClientIdIsAStartUpErrorNamingTheKey() {
        assertRejectedNaming(without(MINIMAL, "auth.cognito.client-id"), "auth.cognito.client-id");
    }

    @Test
    void plainHttpDomainToARemoteHostIsRefused() {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.domain", "http://my-app.auth.eu-west-1.amazoncognito.com"),
                "auth.cognito.domain");
    }

    @Test
    void plainHttpIssuerToARemoteHostIsRefused() {
        assertRejectedNaming(with(MINIMAL, "auth.cognito.issuer", "http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"),
                "auth.cognito.issuer");
    }

    private static OidcProvider create(Map<String, String> values) {
        return new CognitoProviderFactory().create(ProviderConfigs.of("cognito", values));
    }

    private static void assertRejectedNaming(Map<String, String> values, String key) {
        ProviderConfigs.assertStartupErrorNames(() -> create(values), key);
    }
}
