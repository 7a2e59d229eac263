package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;

/**
 * One outgoing client, {@code auth.clients.<name>}: this service calling another on its own behalf, with a
 * {@code client_credentials} token from its provider, asked with the client's own id and secret (an Auth0
 * machine-to-machine application with the API's {@code audience}, a Cognito app client with a secret and resource
 * server scopes, any OpenID provider's confidential client). The token is kept until {@link #EARLY} before it expires
 * and asked for by one caller at a time: a burst of calls makes one token request, the others wait for its answer. A
 * refused request is not retried by itself; the next call asks again. Thread-safe.
 */
final class OutgoingClient {

    private static final System.Logger LOG = System.getLogger(OutgoingClient.class.getName());
    /** How long before its expiry a token is replaced: a call should not arrive with a token that expired on the way. */
    static final Duration EARLY = Duration.ofSeconds(30);
    /** A token whose answer says nothing of its lifetime is kept this long (RFC 6749 5.1 makes expires_in optional). */
    static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);

    private final String name;
    private final ProviderClient provider;
    private final ClientCredentials credentials;
    private final Scope scope;
    private final Map<String, List<String>> parameters;
    private final Clock clock;
    private final ReentrantLock asking = new ReentrantLock();
    private volatile Token token;
    /** Whether the provider refused this client (or its scopes) the last time it was asked. */
    private volatile boolean refused;

    private record Token(String value, Instant expiresAt) {
    }

    OutgoingClient(String name, ProviderClient provider, ClientCredentials credentials, Scope scope, Optional<String> audience, Clock clock) {
        this.name = name;
        this.provider = provider;
        this.credentials = credentials;
        this.scope = scope;
        this.parameters = audience.map(a -> Map.of("audience", List.of(a))).orElse(Map.of());
        this.clock = clock;
    }

    String name() {
        return name;
    }

    String provider() {
        return provider.name();
    }

    /**
     * The client's access token: the one held while it is fresh, else a new one.
     *
     * @throws OutgoingTokenException when none can be had
     */
    String accessToken() {
        Token held = token;
        if (fresh(held)) {
            return held.value();
        }
        asking.lock();
        try {
            held = token;
            if (fresh(held)) {
                return held.value();
            }
            Token asked;
            try {
                asked = ask();
            } catch (OutgoingTokenException e) {
                refused = e.reason() == Reason.CLIENT_REJECTED || e.reason() == Reason.SCOPE_REJECTED;
                throw e;
            }
            refused = false;
            token = asked;
            return asked.value();
        } finally {
            asking.unlock();
        }
    }

    boolean refused() {
        return refused;
    }

    /** Drops the token held: a SnapStart restore may come hours later, in another environment. */
    void forgetToken() {
        token = null;
    }

    private boolean fresh(Token held) {
        return held != null && clock.instant().plus(EARLY).isBefore(held.expiresAt());
    }

    private Token ask() {
        HTTPResponse response;
        try {
            response = provider.tokenEndpoint().clientCredentials(credentials, scope, parameters);
        } catch (ProviderUnavailableException e) {
            throw new OutgoingTokenException(e.reason(), provider.name(), name, "outgoing client " + name + ": " + e.getMessage(), e);
        }
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw new OutgoingTokenException(Reason.PROVIDER_BAD_RESPONSE, provider.name(), name, "outgoing client " + name
                    + ": the token endpoint answered HTTP " + response.getStatusCode() + " with an unreadable body", null);
        }
        if (parsed instanceof AccessTokenResponse success) {
            AccessToken accessToken = success.getTokens().getAccessToken();
            long lifetime = accessToken.getLifetime();
            Instant expiresAt = clock.instant().plus(lifetime > 0 ? Duration.ofSeconds(lifetime) : UNSTATED_LIFETIME);
            return new Token(accessToken.getValue(), expiresAt);
        }
        ErrorObject error = ((TokenErrorResponse) parsed).getErrorObject();
        String code = error == null ? null : error.getCode();
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            LOG.log(Level.ERROR, "outgoing client {0}: provider {1} refused it ({2}); check auth.clients.{0}.client-id and {3}",
                    name, provider.name(), code, credentials.secretKey());
            throw new OutgoingTokenException(Reason.CLIENT_REJECTED, provider.name(), name,
                    "outgoing client " + name + ": the provider refused its credentials (" + code + ")", null);
        }
        if ("invalid_scope".equals(code)) {
            LOG.log(Level.ERROR, "outgoing client {0}: provider {1} refused its scopes; check auth.clients.{0}.scopes", name, provider.name());
            throw new OutgoingTokenException(Reason.SCOPE_REJECTED, provider.name(), name,
                    "outgoing client " + name + ": the provider refused its scopes (invalid_scope)", null);
        }
        throw new OutgoingTokenException(Reason.PROVIDER_BAD_RESPONSE, provider.name(), name, "outgoing client " + name
                + ": the token endpoint answered HTTP " + response.getStatusCode() + (code == null ? "" : " " + code), null);
    }
}
