/**
 * The generic OpenID Connect provider module ({@code auth.provider=oidc}).
 */
package dev.portcullis.provider.oidc;
