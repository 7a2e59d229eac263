package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;

/**
 * One outgoing client, {@code auth.clients.<name>}, asking its provider for tokens with the client's own id and secret:
 * <ul>
 *   <li>{@link Grant#CLIENT_CREDENTIALS} (the default): this service calling another on its own behalf (an Auth0
 *   machine-to-machine application with the API's {@code audience}, a Cognito app client with a secret and resource
 *   server scopes, any OpenID provider's confidential client). The token is kept until {@link #EARLY} before it
 *   expires and asked for by one caller at a time: a burst of calls makes one token request, the others wait for its
 *   answer;</li>
 *   <li>{@link Grant#TOKEN_EXCHANGE} (RFC 8693, where the provider has it: Keycloak, Auth0 Custom Token Exchange): the
 *   caller's access token exchanged for one meant for the downstream {@code audience}. Each caller's is kept (at most
 *   {@link #MAX_EXCHANGED}, by a digest of the caller's token) until shortly before it expires.</li>
 * </ul>
 * A refused request is not retried by itself; the next call asks again. Thread-safe.
 */
final class OutgoingClient {

    private static final System.Logger LOG = System.getLogger(OutgoingClient.class.getName());
    /** How long before its expiry a token is replaced: a call should not arrive with a token that expired on the way. */
    static final Duration EARLY = Duration.ofSeconds(30);
    /** A token whose answer says nothing of its lifetime is kept this long (RFC 6749 5.1 makes expires_in optional). */
    static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);

    /** How many callers' exchanged tokens are kept at most. */
    static final int MAX_EXCHANGED = 1024;

    /** How the client gets its tokens: {@code auth.clients.<name>.grant}. */
    enum Grant {
        /** {@code client-credentials}: the service's own token. */
        CLIENT_CREDENTIALS,
        /** {@code token-exchange}: the caller's token, exchanged. */
        TOKEN_EXCHANGE
    }

    private final String name;
    private final ProviderClient provider;
    private final ClientCredentials credentials;
    private final Grant grant;
    private final Scope scope;
    private final Optional<String> audience;
    private final Clock clock;
    private final Map<String, Token> exchanged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
            return size() > MAX_EXCHANGED;
        }
    };
    private final ReentrantLock asking = new ReentrantLock();
    /** How many asks for this client's own token were answered; a call that waited through one sees it change. */
    private volatile long asks;
    /** Why the last ask failed, while it is the last; guarded by {@link #asking}. */
    private OutgoingTokenException lastFailure;
    private volatile Token token;
    /** Whether the provider refused this client (or its scopes) the last time it was asked. */
    private volatile boolean refused;

    /**
     * A token and when to stop sending it: {@link #EARLY} before it expires, or half its lifetime for a token that lives
     * a minute or less (so a short-lived token is still used, not asked for on every call).
     */
    private record Token(String value, Instant expiresAt, Duration early) {
        static Token issued(String value, Instant issuedAt, Duration lifetime) {
            return new Token(value, issuedAt.plus(lifetime), lifetime.dividedBy(2).compareTo(EARLY) < 0 ? lifetime.dividedBy(2) : EARLY);
        }
    }

    OutgoingClient(String name, ProviderClient provider, ClientCredentials credentials, Grant grant, Scope scope,
                   Optional<String> audience, Clock clock) {
        this.name = name;
        this.provider = provider;
        this.credentials = credentials;
        this.grant = grant;
        this.scope = scope;
        this.audience = audience;
        this.clock = clock;
    }

    String name() {
        return name;
    }

    String provider() {
        return provider.name();
    }

    /**
     * The token to send: the client's own, or the caller's exchanged.
     *
     * @param caller the access token of the caller the call is made for, if any
     * @throws OutgoingTokenException when none can be had, or an exchange has no caller token to exchange, or one that
     *                                another provider issued (it is never sent to this one)
     */
    String accessToken(Optional<CallerAccessToken> caller) {
        if (grant == Grant.CLIENT_CREDENTIALS) {
            return ownToken();
        }
        CallerAccessToken subject = caller.orElseThrow(() -> new OutgoingTokenException(Reason.NO_CALLER_TOKEN, provider.name(), name,
                "outgoing client " + name + " exchanges the caller's token, and the request has none", null));
        if (!subject.provider().equals(provider.name())) {
            throw new OutgoingTokenException(Reason.TOKEN_FOREIGN, provider.name(), name, "outgoing client " + name
                    + " exchanges tokens of provider " + provider.name() + ", and the caller's is " + subject.provider() + "'s", null);
        }
        String key = digest(subject.accessToken());
        Token held;
        synchronized (exchanged) {
            held = exchanged.get(key);
        }
        if (fresh(held)) {
            return held.value();
        }
        Token asked = asked(new TokenExchangeGrant(new TypelessAccessToken(subject.accessToken()), TokenTypeURI.ACCESS_TOKEN, null, null,
                null, audience.map(a -> List.of(new Audience(a))).orElse(null)), Map.of());
        synchronized (exchanged) {
            exchanged.put(key, asked);
        }
        return asked.value();
    }

    private String ownToken() {
        Token held = token;
        if (fresh(held)) {
            return held.value();
        }
        long seen = asks;
        asking.lock();
        try {
            held = token;
            if (fresh(held)) {
                return held.value();
            }
            if (asks != seen && lastFailure != null) {
                // the ask this call waited for failed: its answer is this call's too, so a burst of calls against a
                // provider that refuses the client costs it one request, not one per call
                throw new OutgoingTokenException(lastFailure.reason(), provider.name(), name, lastFailure.getMessage(), lastFailure);
            }
            try {
                Token asked = asked(new ClientCredentialsGrant(),
                        audience.map(a -> Map.of("audience", List.of(a))).orElse(Map.of()));
                token = asked;
                lastFailure = null;
                return asked.value();
            } catch (OutgoingTokenException e) {
                lastFailure = e;
                throw e;
            } finally {
                // counted once answered: a call that came while the ask was out must see the count change
                asks++;
            }
        } finally {
            asking.unlock();
        }
    }

    boolean refused() {
        return refused;
    }

    /** Drops the tokens held: a SnapStart restore may come hours later, in another environment. */
    void forgetToken() {
        token = null;
        synchronized (exchanged) {
            exchanged.clear();
        }
    }

    /** Asks for a token, and notes whether the provider refused this client. */
    private Token asked(AuthorizationGrant request, Map<String, List<String>> parameters) {
        try {
            Token asked = ask(request, parameters);
            refused = false;
            return asked;
        } catch (OutgoingTokenException e) {
            refused = e.reason() == Reason.CLIENT_REJECTED || e.reason() == Reason.SCOPE_REJECTED;
            throw e;
        }
    }

    /** A caller's token is a credential: kept by its digest, not as itself. */
    private static String digest(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private boolean fresh(Token held) {
        return held != null && clock.instant().plus(held.early()).isBefore(held.expiresAt());
    }

    private Token ask(AuthorizationGrant request, Map<String, List<String>> parameters) {
        HTTPResponse response;
        try {
            response = provider.tokenEndpoint().requestFor(credentials, request, scope, parameters);
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
            return Token.issued(accessToken.getValue(), clock.instant(), lifetime > 0 ? Duration.ofSeconds(lifetime) : UNSTATED_LIFETIME);
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
