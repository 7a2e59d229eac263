package dev.portcullis.auth;

/**
 * An enabled provider, for sign-in pages.
 *
 * @param name        the provider name, as passed to {@code /auth/login?provider=}
 * @param displayName the name to show on the button
 * @param isDefault   whether it is {@code auth.provider}
 */
public record ProviderInfo(String name, String displayName, boolean isDefault) {
}
