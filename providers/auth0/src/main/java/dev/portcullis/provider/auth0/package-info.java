/**
 * The Auth0 provider module ({@code auth.provider=auth0}).
 */
package dev.portcullis.provider.auth0;
