package dev.portcullis.auth;

import java.net.URI;

import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;
import dev.portcullis.auth.spi.ProviderConfig;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * A provider module for tests: reads {@code auth.<name>.issuer} (required) and {@code auth.<name>.display-name}, and
 * accepts bearer tokens when {@code auth.<name>.api-audience} is set.
 */
final class FakeProviderFactory implements OidcProviderFactory {

    private final String name;
    private final String builtName;

    /** A module that builds each tenant under the tenant's own name, as every real one does. */
    FakeProviderFactory(String name) {
        this(name, null);
    }

    /** A broken module that builds a provider under another name than its own. */
    FakeProviderFactory(String name, String builtName) {
        this.name = name;
        this.builtName = builtName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public java.util.Set<String> settingNames() {
        return java.util.Set.of("issuer", "display-name", "api-audience", "identity-providers", "other-issuer");
    }

    @Override
    public OidcProvider create(ProviderConfig config) {
        URI issuer = config.url("issuer").orElseThrow(() -> config.invalid("issuer", "is required but not set"));
        ProviderDescriptor.Builder builder = ProviderDescriptor.builder(builtName != null ? builtName : config.providerName(), issuer)
                .displayName(config.value("display-name").orElse(name));
        builder.federatedSignIn("idp_hint", config.list("identity-providers"));
        config.value("api-audience").ifPresent(audience -> builder.accessTokenRules(dev.portcullis.auth.spi.TokenRules.audience(audience)));
        // a further issuer of bearer tokens, its keys at {issuer}/jwks as mock-oauth2-server publishes them
        config.url("other-issuer").ifPresent(other -> builder.otherBearerIssuer(other, URI.create(other + "/jwks")));
        ProviderDescriptor descriptor = builder.build();
        return () -> descriptor;
    }
}
