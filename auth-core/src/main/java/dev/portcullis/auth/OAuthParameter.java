package dev.portcullis.auth;

/**
 * The values a client sends that this service passes to a provider or compares with its own ({@code code},
 * {@code state}, a refresh token), checked before either happens: RFC 6749 allows only visible ASCII and spaces in
 * them (Appendix A, VSCHAR), and none of any provider this project knows comes near the limits below. A value that
 * fails cannot be one the provider issued, so asking it would only spend the client's rate limit.
 */
enum OAuthParameter {

    /** {@code code}: Auth0's and Cognito's are under 100 characters, Entra ID's about 1,000. */
    CODE("code", 4096),
    /** {@code state}: this service's own are 43 characters. */
    STATE("state", 512),
    /** {@code iss} (RFC 9207): an issuer URL. */
    ISSUER("iss", 2048),
    /** {@code error}: an error code. */
    ERROR("error", 256),
    /** A refresh token: Cognito's (an encrypted JWT) are about 1,800 characters, Keycloak's signed ones under 2,000. */
    REFRESH_TOKEN("refresh_token", 8192);

    private final String parameter;
    private final int maxLength;

    OAuthParameter(String parameter, int maxLength) {
        this.parameter = parameter;
        this.maxLength = maxLength;
    }

    /**
     * The value, if it can be one of this parameter's.
     *
     * @throws BadRequestException when it cannot
     */
    String checked(String value) {
        if (value.length() > maxLength) {
            throw new BadRequestException(Reason.PARAMETER_INVALID, null, parameter + " is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new BadRequestException(Reason.PARAMETER_INVALID, null, parameter + " holds a character OAuth does not allow");
            }
        }
        return value;
    }
}
