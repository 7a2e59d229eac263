/**
 * What a provider module contributes, and nothing else.
 * <p>
 * A provider module (Auth0, Amazon Cognito, a generic OpenID Connect provider, or your own) ships an
 * {@link dev.portcullis.auth.spi.OidcProviderFactory} registered for {@link java.util.ServiceLoader}
 * in {@code META-INF/services/dev.portcullis.auth.spi.OidcProviderFactory}. From its configuration the
 * factory builds an {@link dev.portcullis.auth.spi.OidcProvider}: a
 * {@link dev.portcullis.auth.spi.ProviderDescriptor} that states the provider's quirks as data (issuer,
 * endpoint overrides, scopes, extra authorize parameters, client authentication, token rules, groups
 * claim) plus one strategy method for the logout URL.
 * <p>
 * Everything common to all providers (discovery, JWKS caching, PKCE, state and nonce, the token client,
 * token validation, the session cookie) lives once in {@code dev.portcullis.auth}.
 */
package dev.portcullis.auth.spi;
