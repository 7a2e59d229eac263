package dev.portcullis.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The tokens a provider issued at sign-in or refresh. Its {@link #toString()} never shows a token.
 *
 * @param accessToken          the access token (a JWT for Cognito and for Auth0 with an API audience; may be opaque)
 * @param idToken              the ID token, when the provider returned one
 * @param refreshToken         the refresh token, when the provider returned one
 * @param accessTokenExpiresAt when the access token expires
 * @param tokenType            the token type, normally {@code Bearer}
 */
public record TokenSet(String accessToken,
                       Optional<String> idToken,
                       Optional<String> refreshToken,
                       Instant accessTokenExpiresAt,
                       String tokenType) {

    /**
     * Checks the parts.
     *
     * @param accessToken          access token
     * @param idToken              ID token
     * @param refreshToken         refresh token
     * @param accessTokenExpiresAt access token expiry
     * @param tokenType            token type
     */
    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(idToken, "idToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        Objects.requireNonNull(tokenType, "tokenType");
    }

    @Override
    public String toString() {
        return "TokenSet[accessTokenExpiresAt=" + accessTokenExpiresAt + ", idToken=" + idToken.isPresent()
                + ", refreshToken=" + refreshToken.isPresent() + "]";
    }
}
