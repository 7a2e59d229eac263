package dev.portcullis.auth;

import java.util.List;
import java.util.Objects;

/**
 * An enabled provider, for sign-in pages.
 *
 * @param name              the provider name, as passed to {@code /auth/login?provider=}
 * @param displayName       the name to show on the button
 * @param isDefault         whether it is {@code auth.provider}
 * @param identityProviders the federated identity providers to offer a button each for (Cognito's
 *                          {@code auth.<name>.identity-providers}, Auth0's {@code auth.<name>.connections}); empty for none
 */
public record ProviderInfo(String name, String displayName, boolean isDefault, List<IdentityProvider> identityProviders) {

    /**
     * A provider without federated identity providers.
     *
     * @param name        the provider name
     * @param displayName the name to show on the button
     * @param isDefault   whether it is {@code auth.provider}
     */
    public ProviderInfo(String name, String displayName, boolean isDefault) {
        this(name, displayName, isDefault, List.of());
    }

    /**
     * Copies the list: a record that cannot change.
     */
    public ProviderInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        identityProviders = List.copyOf(identityProviders);
    }

    /**
     * A federated identity provider behind a provider: a button that signs in with it directly.
     *
     * @param parameter the authorization request parameter that names it ({@code identity_provider}, {@code connection})
     * @param name      its name at the provider ({@code Google}, {@code SAML-Corp}, {@code google-oauth2})
     */
    public record IdentityProvider(String parameter, String name) {
    }
}
