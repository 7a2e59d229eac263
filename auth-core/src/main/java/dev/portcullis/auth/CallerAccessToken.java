package dev.portcullis.auth;

import java.util.Objects;

/**
 * The access token of the caller a request is served for, with the provider that issued it: what an outgoing call
 * sends as the caller, or exchanges (RFC 8693), and then only at that provider.
 *
 * @param provider    the enabled provider that issued it
 * @param accessToken the access token (never an ID token)
 */
public record CallerAccessToken(String provider, String accessToken) {

    /**
     * Checks both are there.
     *
     * @throws NullPointerException when one is missing
     */
    public CallerAccessToken {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        // a credential
        return "CallerAccessToken[provider=" + provider + "]";
    }
}
