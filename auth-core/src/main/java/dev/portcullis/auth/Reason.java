package dev.portcullis.auth;

/**
 * Why an authentication step failed. Goes to logs and metrics; never to the response body, which stays
 * the same for every token failure.
 */
public enum Reason {
    /** The login named a provider that is not enabled. */
    UNKNOWN_PROVIDER,
    /** The callback came without a login-state cookie (expired, another browser, or never started). */
    STATE_MISSING,
    /** The callback's {@code state} differs from the one this browser's login started with. */
    STATE_MISMATCH,
    /** The login took longer than the login-state cookie lives. */
    STATE_EXPIRED,
    /** The callback's {@code iss} names another issuer (RFC 9207). */
    ISSUER_MISMATCH,
    /** The callback lacks {@code iss} although the provider advertises sending it (RFC 9207). */
    ISSUER_MISSING,
    /** The provider answered the authorization request with {@code error=}. */
    PROVIDER_ERROR,
    /** The callback of a login whose state has already been used on this instance: a replay, refused without asking the provider. */
    STATE_REUSED,
    /** The callback carried no {@code code}. */
    CODE_MISSING,
    /** The token endpoint refused the code ({@code invalid_grant}): reused, expired, or for another client. */
    CODE_REJECTED,
    /** The token endpoint refused our client credentials ({@code invalid_client}). */
    CLIENT_REJECTED,
    /** A token failed validation. */
    TOKEN_INVALID,
    /** A token is past its {@code exp}. */
    TOKEN_EXPIRED,
    /** A bearer token from an issuer that is not enabled, or from a provider that accepts no bearer tokens. */
    TOKEN_FOREIGN,
    /** The refresh token was refused ({@code invalid_grant}): revoked, expired or reused. */
    REFRESH_REJECTED,
    /** A refreshed ID token names another user or issuer. */
    IDENTITY_CHANGED,
    /** The session cookie is missing, unreadable or expired. */
    SESSION_INVALID,
    /** The session was not used for {@code auth.session.idle-timeout}, and so has ended. */
    SESSION_IDLE,
    /** The tokens do not fit in the allowed number of cookies. */
    SESSION_TOO_LARGE,
    /** The provider could not be reached. */
    PROVIDER_DOWN,
    /**
     * The call was not made: this instance already has as many calls to the provider in flight, or made as many this
     * second, as {@code auth.http.max-concurrent} and {@code auth.http.max-per-second} allow. Worth retrying shortly.
     */
    PROVIDER_BUSY,
    /**
     * A request parameter cannot be what it claims to be: longer than any real one, or with characters OAuth does not
     * allow in it ({@code code}, {@code state}, a refresh token). Refused without asking the provider.
     */
    PARAMETER_INVALID,
    /**
     * An outgoing call needs the caller's token, and the request it is made for has none: no bearer token came, no
     * session. The call is not sent.
     */
    NO_CALLER_TOKEN,
    /** The provider refused the scopes an outgoing client asked for ({@code invalid_scope}). */
    SCOPE_REJECTED,
    /** An API caller's refresh token was sent, but this service does not refresh them ({@code auth.refresh.api-callers}). */
    REFRESH_NOT_ACCEPTED,
    /** The provider did not answer in time. */
    PROVIDER_TIMEOUT,
    /** The provider answered with something that is not a valid protocol message. */
    PROVIDER_BAD_RESPONSE,
    /** A secret this service needs (the client secret) could not be read from its store and none is cached. */
    SECRET_UNAVAILABLE,
    /** A configuration value is missing or wrong. */
    MISCONFIGURED,
    /** The user authenticated longer ago than asked ({@code max_age}), or the token does not say when. */
    AUTHENTICATION_TOO_OLD,
    /** The authentication is not of a class asked for ({@code acr_values}). */
    AUTHENTICATION_TOO_WEAK,
    /** The session was ended on another instance: logout, or back-channel logout from the provider. */
    SESSION_REVOKED,
    /** The revocation store cannot be read or written. */
    REVOCATION_STORE_DOWN,
    /** A logout token's {@code jti} was used before. */
    LOGOUT_TOKEN_REPLAYED
}
