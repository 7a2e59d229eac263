package dev.portcullis.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

/**
 * The callback of a sign-in: the provider's answer is checked against this browser's login state (its state, and
 * {@code iss} per RFC 9207) before anything is sent to the provider; then the code is exchanged with the PKCE verifier
 * at the provider the login started with, and the ID token validated with the login's nonce. Thread-safe.
 */
final class LoginCompletion {

    private final AuthSettings settings;
    private final ProviderRegistry providers;
    private final LoginStateCodec loginStates;
    private final IssuedTokens issued;
    private final Clock clock;
    private final SpentLoginStates spent = new SpentLoginStates();

    LoginCompletion(AuthSettings settings, ProviderRegistry providers, LoginStateCodec loginStates, IssuedTokens issued, Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.loginStates = loginStates;
        this.issued = issued;
        this.clock = clock;
    }

    /** See {@link OidcRelyingParty#completeLogin(CallbackParameters, Optional)}. */
    SignIn complete(CallbackParameters callback, Optional<String> loginStateCookie) {
        Optional<LoginState> stored = loginStateCookie.flatMap(loginStates::read);
        String providerName = stored.map(LoginState::provider).orElse(null);
        LoginState state = stored.orElseThrow(() -> new LoginFailedException(Reason.STATE_MISSING, null,
                "no login state cookie: the login was not started in this browser, or it expired"));
        // before anything else, an error answer included: only the provider's answer to this browser's login may end it
        if (callback.state().isEmpty() || !ClaimRules.constantTimeEquals(state.state(), callback.state().get())) {
            throw new LoginFailedException(Reason.STATE_MISMATCH, providerName, "state does not match this browser's login");
        }
        if (loginStates.expired(state, clock.instant())) {
            throw new LoginFailedException(Reason.STATE_EXPIRED, providerName, "the login took too long");
        }
        if (callback.error().isPresent()) {
            throw new LoginFailedException(Reason.PROVIDER_ERROR, providerName, "provider answered with an error",
                    callback.error().get(), null);
        }
        ProviderClient client = providers.find(state.provider()).orElseThrow(() -> new LoginFailedException(
                Reason.UNKNOWN_PROVIDER, providerName, "the login's provider is no longer enabled"));
        ResolvedProvider resolved = client.resolved();
        if (callback.issuer().isPresent() && !callback.issuer().get().equals(client.issuer())) {
            throw new LoginFailedException(Reason.ISSUER_MISMATCH, providerName, "iss does not name the provider the login started with");
        }
        if (callback.issuer().isEmpty() && resolved.endpoints().issuerParameterSupported()) {
            throw new LoginFailedException(Reason.ISSUER_MISSING, providerName, "iss is missing although the provider sends it");
        }
        String code = callback.code().orElseThrow(() -> new LoginFailedException(Reason.CODE_MISSING, providerName, "no code"));
        if (!spent.spend(state.state(), state.expiresAt(), clock.instant())) {
            // the login-state cookie and the callback URL copied together: the code is used, or being used, already
            throw new LoginFailedException(Reason.STATE_REUSED, providerName, "this login's callback was already used");
        }

        OIDCTokens tokens = client.tokenEndpoint().exchangeCode(code, new CodeVerifier(state.codeVerifier()));
        String idToken = tokens.getIDTokenString();
        if (idToken == null) {
            throw new LoginFailedException(Reason.TOKEN_INVALID, providerName, "the provider returned no ID token");
        }
        JWTClaimsSet idClaims;
        try {
            idClaims = resolved.verifier().verifyIdToken(idToken, Optional.of(state.nonce()));
        } catch (TokenRejectedException e) {
            throw new LoginFailedException(e.reason(), providerName, "ID token rejected: " + e.claim().orElse("signature")
                    + " (" + e.getMessage() + ")", null, e);
        }
        Instant now = clock.instant();
        // OpenID Connect Core 3.1.2.1, RFC 9470: a sign-in asked to be recent or strong is checked to be so
        Optional<Reason> unmet = state.requirement().unmetBy(idClaims.getClaims(), now, settings.clockSkew());
        if (unmet.isPresent()) {
            throw new LoginFailedException(unmet.get(), providerName, unmet.get() == Reason.AUTHENTICATION_TOO_OLD
                    ? "ID token's auth_time is missing or older than the max_age asked" : "ID token's acr is not one asked");
        }
        TokenSet tokenSet = issued.tokenSet(tokens, Optional.of(idToken), Optional.empty());
        Identity identity = issued.sessionIdentity(client, idClaims, tokenSet);
        Session session = new Session(client.name(), tokenSet, identity, now, now.plus(settings.sessionMaxAge()));
        return new SignIn(session, settings.resolve(state.returnTo().path()));
    }
}
