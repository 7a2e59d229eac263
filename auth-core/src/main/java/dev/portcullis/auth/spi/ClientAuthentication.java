package dev.portcullis.auth.spi;

/**
 * How the client authenticates at the token and revocation endpoints (OpenID Connect Core, section 9).
 */
public enum ClientAuthentication {
    /** {@code client_secret_basic}: HTTP Basic with the client id and secret (Cognito requires it). */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** {@code client_secret_post}: client id and secret in the form body (Auth0's default). */
    CLIENT_SECRET_POST("client_secret_post");

    private final String metadataName;

    ClientAuthentication(String metadataName) {
        this.metadataName = metadataName;
    }

    /**
     * The name used in {@code token_endpoint_auth_methods_supported}.
     *
     * @return for example {@code client_secret_basic}
     */
    public String metadataName() {
        return metadataName;
    }
}
