package dev.portcullis.auth.spi;

/**
 * The provider endpoints the relying party uses. Each is taken from the discovery document unless the
 * provider overrides it ({@link ProviderDescriptor#endpointOverrides()}): an override always wins.
 */
public enum Endpoint {
    /** {@code authorization_endpoint}: where the browser signs in. */
    AUTHORIZATION("authorization_endpoint"),
    /** {@code token_endpoint}: code exchange and refresh. */
    TOKEN("token_endpoint"),
    /** {@code jwks_uri}: the provider's signing keys. */
    JWKS("jwks_uri"),
    /** {@code userinfo_endpoint}. */
    USERINFO("userinfo_endpoint"),
    /** {@code end_session_endpoint}: OpenID Connect RP-Initiated Logout. */
    END_SESSION("end_session_endpoint"),
    /** {@code revocation_endpoint}: RFC 7009 token revocation. */
    REVOCATION("revocation_endpoint");

    private final String metadataName;

    Endpoint(String metadataName) {
        this.metadataName = metadataName;
    }

    /**
     * The member of the discovery document that names this endpoint.
     *
     * @return for example {@code token_endpoint}
     */
    public String metadataName() {
        return metadataName;
    }
}
