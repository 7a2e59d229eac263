package dev.portcullis.provider.auth0;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.portcullis.auth.spi.ClientAuthentication;
import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;
import dev.portcullis.auth.spi.ProviderConfig;
import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

/**
 * Auth0 ({@code auth.provider=auth0}).
 * <p>
 * Keys: {@code auth.auth0.domain} (required: the tenant or custom domain, a host or a URL),
 * {@code .client-id}, {@code .client-secret}, {@code .audience} (the API identifier: sent on every
 * authorization request so Auth0 issues a JWT access token for this API, and required in the {@code aud} of
 * bearer tokens; without it Auth0 issues opaque access tokens and bearer tokens are refused),
 * {@code .groups-claim} (default {@code permissions}; a namespaced claim such as
 * {@code https://example.com/roles} when an Action adds roles), {@code .issuer} (default
 * {@code https://{domain}/}, with the trailing slash Auth0 uses), {@code .scopes}
 * (default {@code openid,profile,email,offline_access}), {@code .display-name}.
 * <p>
 * Quirks: client authentication {@code client_secret_post}; revocation at {@code {domain}/oauth/revoke};
 * logout at the discovered {@code end_session_endpoint} ({@code /oidc/logout}, when RP-Initiated Logout is
 * enabled on the tenant) with {@code id_token_hint}, else at {@code {domain}/v2/logout?client_id&returnTo}.
 */
public final class Auth0ProviderFactory implements OidcProviderFactory {

    /** The provider name: {@code auth.provider=auth0}. */
    public static final String NAME = "auth0";

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public Auth0ProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("domain", "audience", "groups-claim", "issuer", "scopes", "display-name", "connections", "organization");
    }

    @Override
    public OidcProvider create(ProviderConfig config) {
        URI domain = config.hostOrUrl("domain").orElseThrow(() -> config.invalid("domain",
                "is required: your Auth0 tenant domain, such as my-tenant.eu.auth0.com"));
        URI issuer = config.url("issuer").orElse(URI.create(domain + "/"));
        config.clientId();
        Optional<String> audience = config.audience();
        List<String> scopes = config.list("scopes");

        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(config.providerName(), issuer)
                .displayName(config.value("display-name").orElse("Auth0"))
                .scopes(scopes.isEmpty() ? List.of("openid", "profile", "email", "offline_access") : scopes)
                .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
                .endpoint(Endpoint.REVOCATION, URI.create(domain + "/oauth/revoke"))
                .groupsClaim(config.value("groups-claim").orElse("permissions"));
        descriptor.federatedSignIn("connection", config.list("connections"));
        Optional<OrganizationClaim> organization = config.value("organization").map(OrganizationClaim::of);
        TokenRules idTokenRules = organization.map(org -> org.requiredOf(TokenRules.STANDARD)).orElse(TokenRules.STANDARD);
        descriptor.idTokenRules(idTokenRules);
        organization.ifPresent(org -> descriptor
                // sent on every sign-in; Auth0's invitation links carry the invitation, which only works with it
                .authorizeParameter("organization", org.value())
                .forwardableParameter("invitation"));
        audience.ifPresent(api -> descriptor
                .authorizeParameter("audience", api)
                .accessTokenRules(organization.map(org -> org.requiredOf(TokenRules.audience(api))).orElse(TokenRules.audience(api))));
        return new Auth0Provider(descriptor.build(), domain);
    }

    /**
     * The Auth0 Organization every token must belong to ({@code auth.<name>.organization}): an {@code org_…} id is
     * compared with the {@code org_id} claim; a name with {@code org_name}, which Auth0 issues in lower case, so the
     * configured name is compared in lower case, as Auth0 documents.
     */
    record OrganizationClaim(String claim, String value, String expected) {

        static OrganizationClaim of(String configured) {
            return configured.startsWith("org_")
                    ? new OrganizationClaim("org_id", configured, configured)
                    : new OrganizationClaim("org_name", configured, configured.toLowerCase(Locale.ROOT));
        }

        TokenRules requiredOf(TokenRules rules) {
            return rules.requireValue(claim, expected);
        }
    }
}
