package dev.portcullis.provider.oidc;

import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * A standard provider: everything from discovery, logout by the default RP-Initiated Logout rule.
 */
record GenericOidcProvider(ProviderDescriptor descriptor) implements OidcProvider {
}
