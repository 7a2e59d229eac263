package dev.portcullis.provider.cognito;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.portcullis.auth.spi.LogoutContext;
import dev.portcullis.auth.spi.LogoutTarget;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * Cognito: logout at the managed-login domain's {@code /logout}, which takes {@code client_id} and
 * {@code logout_uri} (an "Allowed sign-out URL" of the app client) instead of RP-Initiated Logout.
 */
record CognitoProvider(ProviderDescriptor descriptor, URI domain) implements OidcProvider {

    @Override
    public Optional<LogoutTarget> logoutTarget(LogoutContext context) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", context.clientId());
        parameters.put("logout_uri", context.postLogoutRedirectUri().toString());
        return Optional.of(new LogoutTarget(URI.create(domain + "/logout"), parameters));
    }
}
