package dev.portcullis.provider.cognito;

import java.net.URI;
import java.util.Locale;

import dev.portcullis.auth.spi.ProviderConfig;

/**
 * The issuer a user pool's tokens carry, as the pool's issuer configuration ({@code IssuerConfiguration.Type} in
 * Cognito's API: {@code ORIGINAL} or {@code UPDATED}) sets it; {@code auth.cognito.issuer-type}.
 */
enum IssuerType {

    /** {@code https://cognito-idp.{region}.amazonaws.com/{user-pool-id}}: every pool's, and the default. */
    ORIGINAL("cognito-idp"),

    /**
     * {@code https://issuer-cognito-idp.{region}.amazonaws.com/{user-pool-id}}, {@code region} the pool's primary
     * Region: the issuer AWS recommends, and the one every replica of a multi-Region pool issues its tokens under, so
     * that a token from any Region validates against one issuer and one key set.
     */
    UPDATED("issuer-cognito-idp");

    private final String hostPrefix;

    IssuerType(String hostPrefix) {
        this.hostPrefix = hostPrefix;
    }

    /**
     * The type a setting names.
     *
     * @param config  the provider's configuration, for the error
     * @param setting the setting the value is of, for the error
     * @param value   {@code original} or {@code updated}, in any case
     * @return the type
     * @throws RuntimeException the start-up error naming the setting's key, for any other value
     */
    static IssuerType parse(ProviderConfig config, String setting, String value) {
        for (IssuerType type : values()) {
            if (type.name().equals(value.toUpperCase(Locale.ROOT))) {
                return type;
            }
        }
        throw config.invalid(setting, "must be original or updated, as the user pool's issuer configuration says");
    }

    /**
     * The pool's issuer of this type.
     *
     * @param region the pool's (primary) Region, already checked
     * @param poolId the user pool id, already checked
     * @return the issuer
     */
    URI issuer(String region, String poolId) {
        return URI.create("https://" + hostPrefix + "." + region + ".amazonaws.com/" + poolId);
    }
}
