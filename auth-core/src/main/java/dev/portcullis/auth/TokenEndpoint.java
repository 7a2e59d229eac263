package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

import dev.portcullis.auth.spi.Endpoint;

/**
 * One provider's token endpoint: the authorization code exchange and the refresh grant, with this service's client
 * authentication. Its answers become tokens or exactly one kind of failure each: {@code invalid_grant} is the user's
 * (the login fails, or the session ends), {@code invalid_client} is this service's configuration, anything else is the
 * provider's. Thread-safe.
 */
final class TokenEndpoint {

    private static final System.Logger LOG = System.getLogger(TokenEndpoint.class.getName());

    private final String provider;
    private final Supplier<ProviderEndpoints> endpoints;
    private final ClientCredentials credentials;
    private final JdkHttpSender http;
    private final ProviderCallLimit limit;
    private final URI redirectUri;

    /**
     * @param endpoints   the provider's endpoints, from discovery (which may fail)
     * @param redirectUri the redirect URI of the authorization request, which the code exchange must repeat
     */
    TokenEndpoint(String provider, Supplier<ProviderEndpoints> endpoints, ClientCredentials credentials, JdkHttpSender http,
                  ProviderCallLimit limit, URI redirectUri) {
        this.provider = provider;
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.http = http;
        this.limit = limit;
        this.redirectUri = redirectUri;
    }

    /**
     * Exchanges an authorization code, with the PKCE verifier, for tokens.
     *
     * @throws LoginFailedException         when the provider refuses the code
     * @throws ProviderUnavailableException when the provider cannot be asked, refuses this client, or answers garbage
     */
    OIDCTokens exchangeCode(String code, CodeVerifier verifier) {
        return request(new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier), Reason.CODE_REJECTED,
                ProviderCallLimit.Purpose.USER);
    }

    /**
     * Uses a refresh token.
     *
     * @param purpose whose refresh token it is: a session's, or one an API caller sent
     * @throws SessionEndedException        when the provider refuses the refresh token
     * @throws ProviderUnavailableException when the provider cannot be asked, refuses this client, or answers garbage
     */
    OIDCTokens refresh(String refreshToken, ProviderCallLimit.Purpose purpose) {
        return request(new RefreshTokenGrant(new RefreshToken(refreshToken)), Reason.REFRESH_REJECTED, purpose);
    }

    private OIDCTokens request(AuthorizationGrant grant, Reason rejected, ProviderCallLimit.Purpose purpose) {
        HTTPResponse response = limit.call(purpose, () -> {
            HTTPResponse first = send(grant);
            if (isClientRejection(first) && credentials.secretRotated()) {
                // the secret was rotated in its store since it was read: retry once with the new one
                LOG.log(Level.INFO, "provider {0}: client secret rotated; retrying the token request once", provider);
                return send(grant);
            }
            return first;
        });
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, provider,
                    "token endpoint answered HTTP " + response.getStatusCode() + " with an unreadable body", null);
        }
        if (parsed.indicatesSuccess()) {
            Tokens tokens = parsed.toSuccessResponse().getTokens();
            return tokens instanceof OIDCTokens oidc ? oidc : new OIDCTokens(tokens.getAccessToken(), tokens.getRefreshToken());
        }
        ErrorObject error = ((TokenErrorResponse) parsed).getErrorObject();
        String code = error == null ? null : error.getCode();
        if ("invalid_grant".equals(code)) {
            if (rejected == Reason.REFRESH_REJECTED) {
                throw new SessionEndedException(Reason.REFRESH_REJECTED, provider, "refresh token was refused", null);
            }
            throw new LoginFailedException(Reason.CODE_REJECTED, provider, "authorization code was refused");
        }
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            LOG.log(Level.ERROR, "provider {0}: the token endpoint refused this client ({1}); check {2} and {3}",
                    provider, code, "auth." + provider + ".client-id", credentials.secretKey());
            throw new ProviderUnavailableException(Reason.CLIENT_REJECTED, provider, "token endpoint refused the client", null);
        }
        throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, provider,
                "token endpoint answered HTTP " + response.getStatusCode() + (code == null ? "" : " " + code), null);
    }

    /**
     * Asks for a token with another client's credentials (an outgoing client of this service): a
     * {@code client_credentials} or token exchange grant, within this provider's bound on calls; once more when the
     * provider refused that client's secret and its store has a new one. The answer is the caller's to read.
     *
     * @throws ProviderUnavailableException when the provider cannot be asked, or the bound is reached
     */
    HTTPResponse requestFor(ClientCredentials client, AuthorizationGrant grant, Scope scope, Map<String, List<String>> parameters) {
        return limit.call(ProviderCallLimit.Purpose.USER, () -> {
            HTTPResponse first = send(grant, client, scope, parameters);
            if (isClientRejection(first) && client.secretRotated()) {
                LOG.log(Level.INFO, "provider {0}: client secret rotated; retrying the token request once", provider);
                return send(grant, client, scope, parameters);
            }
            return first;
        });
    }

    private HTTPResponse send(AuthorizationGrant grant) {
        return send(grant, credentials, null, Map.of());
    }

    private HTTPResponse send(AuthorizationGrant grant, ClientCredentials client, Scope scope, Map<String, List<String>> parameters) {
        ProviderEndpoints current = endpoints.get();
        TokenRequest.Builder request = new TokenRequest.Builder(current.require(Endpoint.TOKEN),
                client.authentication(current.clientAuthentication()), grant);
        if (scope != null) {
            request.scope(scope);
        }
        parameters.forEach((name, values) -> request.customParameter(name, values.toArray(new String[0])));
        return http.sendTo(provider, "token endpoint", request.build().toHTTPRequest());
    }

    /** Whether the token endpoint refused the client's credentials ({@code invalid_client}, RFC 6749 5.2). */
    private static boolean isClientRejection(HTTPResponse response) {
        if (response.getStatusCode() != 400 && response.getStatusCode() != 401) {
            return false;
        }
        try {
            return "invalid_client".equals(ErrorObject.parse(response).getCode());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
