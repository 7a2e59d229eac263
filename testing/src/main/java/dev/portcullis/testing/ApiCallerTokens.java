package dev.portcullis.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

/**
 * Tokens for an API caller: the authorization code flow run directly against a tenant, as a command-line client of the
 * same client id would (its own redirect URI, PKCE), so the tokens are the provider's own.
 */
final class ApiCallerTokens {

    /** Where the command-line client says it listens; the provider redirects there, and nothing follows the redirect. */
    private static final String REDIRECT_URI = "http://127.0.0.1:1/cli-callback";

    private ApiCallerTokens() {
    }

    /**
     * Signs a user in at a tenant and exchanges the code.
     *
     * @param origin     the provider's origin, or a proxy's in front of it (the tokens then name the proxy)
     * @param shape      the tenant
     * @param username   the user
     * @param claimsJson extra claims for the tokens
     * @return the token response's members
     */
    static Map<String, Object> tokens(URI origin, TenantShape shape, String username, String claimsJson) {
        CodeVerifier verifier = new CodeVerifier();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", EmbeddedProvider.CLIENT_ID);
        query.put("redirect_uri", REDIRECT_URI);
        query.put("scope", "openid profile email");
        query.put("state", "cli-state");
        query.put("nonce", "cli-nonce");
        query.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        query.put("code_challenge_method", "S256");
        Browser client = new Browser();
        HttpResponse<String> redirect = client.submit(URI.create(origin + shape.authorizePath() + "?" + Browser.formBody(query)),
                Map.of("username", username, "claims", claimsJson), null);
        if (redirect.statusCode() != 302) {
            throw new IllegalStateException("authorize answered " + redirect.statusCode() + ": " + redirect.body());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", SignIn.query(redirect).get("code"));
        form.put("redirect_uri", REDIRECT_URI);
        form.put("code_verifier", verifier.getValue());
        form.put("client_id", EmbeddedProvider.CLIENT_ID);
        form.put("client_secret", EmbeddedProvider.CLIENT_SECRET);
        HttpResponse<String> response = client.send(Browser.request(URI.create(origin + shape.tokenPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(form))));
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body(), e);
        }
    }

    /**
     * A machine-to-machine client's {@code client_credentials} token response from a tenant, the client authenticated
     * by HTTP Basic as Cognito's app clients are.
     *
     * @param origin       the provider's origin, or a proxy's in front of it
     * @param shape        the tenant
     * @param clientId     the client
     * @param clientSecret its secret
     * @param scope        the scopes to ask for, space separated; null for none
     * @return the token response's members
     */
    static Map<String, Object> clientCredentials(URI origin, TenantShape shape, String clientId, String clientSecret, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        // RFC 6749 2.3.1: each part form-encoded, then Basic
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = new Browser().send(Browser.request(URI.create(origin + shape.tokenPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(form))));
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body(), e);
        }
    }
}
