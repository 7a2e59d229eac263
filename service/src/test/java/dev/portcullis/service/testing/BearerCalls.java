package dev.portcullis.service.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.portcullis.testing.Browser;

/**
 * Calls as an API caller makes them, and what a provider put in its token. Apart from the test classes, so that using
 * it starts no test class's provider.
 */
public final class BearerCalls {

    private BearerCalls() {
    }

    /**
     * A GET asking for JSON with {@code Authorization: Bearer}.
     *
     * @param uri   where
     * @param token the access token
     * @return the answer
     */
    public static HttpResponse<String> bearer(URI uri, String token) {
        return new Browser().send(Browser.request(uri).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token).GET());
    }

    /**
     * The claims of a token, not verified: what the provider put in it.
     *
     * @param token a JWS
     * @return its claims
     */
    public static JWTClaimsSet claims(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
