package dev.portcullis.provider.oidc;

import java.net.URI;
import java.util.List;
import java.util.Set;

import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;
import dev.portcullis.auth.spi.ProviderConfig;
import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

/**
 * Any standard OpenID Connect provider (Keycloak, Okta, Microsoft Entra ID, ...), configured by its issuer and
 * discovery alone.
 * <p>
 * Keys: {@code auth.oidc.issuer} (required), {@code .client-id}, {@code .client-secret}, {@code .audience}
 * (the {@code aud} bearer access tokens must carry: your API's identifier, never the client id; without it bearer
 * tokens are refused), {@code .groups-claim} (default
 * {@code groups}), {@code .scopes} (default {@code openid,profile,email}; add {@code offline_access} where the
 * provider needs it for refresh tokens), {@code .display-name}.
 * <p>
 * Logout is OpenID Connect RP-Initiated Logout at the discovered {@code end_session_endpoint}, with
 * {@code id_token_hint} and {@code post_logout_redirect_uri}; revocation at the discovered
 * {@code revocation_endpoint}.
 */
public final class GenericOidcProviderFactory implements OidcProviderFactory {

    /** The provider name: {@code auth.provider=oidc}. */
    public static final String NAME = "oidc";

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public GenericOidcProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("issuer", "audience", "groups-claim", "scopes", "display-name");
    }

    @Override
    public OidcProvider create(ProviderConfig config) {
        URI issuer = config.url("issuer").orElseThrow(() -> config.invalid("issuer",
                "is required: the provider's issuer URL, as in its /.well-known/openid-configuration"));
        config.clientId();
        List<String> scopes = config.list("scopes");
        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(config.providerName(), issuer)
                .displayName(config.value("display-name").orElse("OpenID Connect"))
                .scopes(scopes.isEmpty() ? List.of("openid", "profile", "email") : scopes)
                .groupsClaim(config.value("groups-claim").orElse("groups"));
        config.audience().ifPresent(audience -> descriptor.accessTokenRules(TokenRules.audience(audience)));
        return new GenericOidcProvider(descriptor.build());
    }
}
