package dev.portcullis.provider.auth0;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.spi.LogoutContext;
import dev.portcullis.auth.spi.LogoutTarget;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * Auth0: RP-Initiated Logout where the tenant advertises it, else Auth0's own {@code /v2/logout}.
 */
record Auth0Provider(ProviderDescriptor descriptor, URI domain) implements OidcProvider {

    @Override
    public Optional<LogoutTarget> logoutTarget(LogoutContext context) {
        return OidcProvider.super.logoutTarget(context).or(() -> {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("client_id", context.clientId());
            parameters.put("returnTo", context.postLogoutRedirectUri().toString());
            return Optional.of(new LogoutTarget(URI.create(domain + "/v2/logout"), parameters));
        });
    }
}
