package dev.portcullis.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the relying party decides before it talks to a provider: the callback's checks against the login-state
 * cookie, refusal of foreign bearer tokens, and refresh preconditions. No network is used.
 */
class OidcRelyingPartyOfflineTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final Map<String, String> config = OidcRelyingPartyConfigTest.config();
    private final OidcRelyingParty party = OidcRelyingParty.create(TestConfig.values(config), CLOCK,
            OidcRelyingPartyConfigTest.factories("fake", "other"));
    private final LoginStateCodec loginStates = new LoginStateCodec(
            new CookieCipher(List.of(Base64.getDecoder().decode(TestConfig.SECRET)), "login"), new CookieNames(true), true);

    @Test
    void providerErrorIsReportedWithItsSafeErrorCode() {
        String cookie = loginCookie("fake", "state-1", NOW.plusSeconds(600));

        LoginFailedException e = loginFailure(CallbackParameters.of(null, "state-1", null, "access_denied"), cookie);

        assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(e.provider()).contains("fake");
        assertThat(e.providerError()).contains("access_denied");
    }

    @Test
    void providerErrorCodeThatIsNotAnOauthWordIsNotKept() {
        String cookie = loginCookie("fake", "state-1", NOW.plusSeconds(600));

        LoginFailedException e = loginFailure(CallbackParameters.of(null, "state-1", null, "<script>alert(1)</script>"), cookie);

        assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(e.providerError()).isEmpty();
    }

    @Test
    void providerErrorWithoutThisBrowsersStateIsNotTakenForTheLoginsOutcome() {
        String cookie = loginCookie("fake", "state-1", NOW.plusSeconds(600));

        assertThat(loginFailure(CallbackParameters.of(null, null, null, "access_denied"), cookie).reason())
                .isEqualTo(Reason.STATE_MISMATCH);
        assertThat(loginFailure(CallbackParameters.of(null, "state-2", null, "access_denied"), cookie).reason())
                .isEqualTo(Reason.STATE_MISMATCH);
        assertThat(loginFailure(CallbackParameters.of(null, "state-1", null, "access_denied"), null).reason())
                .isEqualTo(Reason.STATE_MISSING);
    }

    @Test
    void callbackParametersLongerThanAnyRealOneOrWithControlCharactersAreABadRequest() {
        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> CallbackParameters.of("c".repeat(4097), "s", null, null))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_INVALID))
                .withMessage("code is longer than 4096 characters");
        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> CallbackParameters.of("c", "s".repeat(513), null, null))
                .withMessage("state is longer than 512 characters");
        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> CallbackParameters.of("c\u0000d", "s", null, null))
                .withMessage("code holds a character OAuth does not allow");
        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> CallbackParameters.of("c", "s", null, "caf\u00e9"))
                .withMessage("error holds a character OAuth does not allow");
        assertThat(CallbackParameters.of("c".repeat(4096), "s".repeat(512), "https://issuer.example/", "access_denied").code())
                .hasValue("c".repeat(4096));
    }

    @Test
    void anApiCallersRefreshTokenIsRefusedUnlessEnabledAndTheProviderIsNotAsked() {
        // no provider listens here: a call to one would fail as unavailable, not as refused
        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> party.refresh("fake", "refresh-1"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.REFRESH_NOT_ACCEPTED));
    }

    @Test
    void anApiCallersRefreshTokenLongerThanAnyRealOneIsRefusedWithoutAskingTheProvider() {
        OidcRelyingParty accepting = withApiCallerRefresh();

        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> accepting.refresh("fake", "r".repeat(20_000)))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_INVALID))
                .withMessage("refresh_token is longer than 8192 characters");
    }

    @Test
    void callbackWithoutLoginStateCookieFailsWithStateMissing() {
        assertThat(loginFailure(CallbackParameters.of("code", "state-1", null, null), null).reason())
                .isEqualTo(Reason.STATE_MISSING);
    }

    @Test
    void unreadableLoginStateCookieCountsAsMissing() {
        String cookie = loginCookie("fake", "state-1", NOW.plusSeconds(600));
        String tampered = TestJwts.flipCharAt(cookie, TestJwts.middleOfSegment(cookie, 3));

        assertThat(loginFailure(CallbackParameters.of("code", "state-1", null, null), tampered).reason())
                .isEqualTo(Reason.STATE_MISSING);
    }

    @Test
    void sessionCookieValueIsNotALoginState() {
        SessionCookieCodec sessions = party.sessions();
        String sessionValue = sessions.write(SessionCookieCodecTest.session("access-1"), java.util.Set.of()).get(0).value();

        assertThat(loginFailure(CallbackParameters.of("code", "state-1", null, null), sessionValue).reason())
                .isEqualTo(Reason.STATE_MISSING);
    }

    @Test
    void expiredLoginStateFailsWithStateExpired() {
        String cookie = loginCookie("fake", "state-1", NOW);

        assertThat(loginFailure(CallbackParameters.of("code", "state-1", null, null), cookie).reason())
                .isEqualTo(Reason.STATE_EXPIRED);
    }

    @Test
    void otherOrMissingStateFailsWithStateMismatch() {
        String cookie = loginCookie("fake", "state-1", NOW.plusSeconds(600));

        assertThat(loginFailure(CallbackParameters.of("code", "state-2", null, null), cookie).reason())
                .isEqualTo(Reason.STATE_MISMATCH);
        assertThat(loginFailure(CallbackParameters.of("code", null, null, null), cookie).reason())
                .isEqualTo(Reason.STATE_MISMATCH);
    }

    @Test
    void loginStartedWithAProviderThatIsNoLongerEnabledFails() {
        String cookie = loginCookie("other", "state-1", NOW.plusSeconds(600));

        LoginFailedException e = loginFailure(CallbackParameters.of("code", "state-1", null, null), cookie);

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PROVIDER);
    }

    @Test
    void bearerTokenFromAnUnknownIssuerIsForeign() {
        String token = TestJwts.sign(TestJwts.rsaKey("k"), new JWTClaimsSet.Builder().issuer("https://evil.example/").subject("x")
                .expirationTime(java.util.Date.from(NOW.plusSeconds(60))).build());

        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(token))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOKEN_FOREIGN);
                    assertThat(e.claim()).contains("iss");
                });
    }

    @Test
    void bearerTokenFromAProviderThatAcceptsNoAccessTokensIsForeign() {
        String token = TestJwts.sign(TestJwts.rsaKey("k"), new JWTClaimsSet.Builder().issuer("https://issuer.example/").subject("x")
                .expirationTime(java.util.Date.from(NOW.plusSeconds(60))).build());

        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(token))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_FOREIGN));
    }

    @Test
    void unsignedBearerTokenIsRejectedBeforeItsIssuerIsLookedAt() {
        String token = new PlainJWT(new JWTClaimsSet.Builder().issuer("https://issuer.example/").subject("x").build()).serialize();

        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(token))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOKEN_INVALID);
                    assertThat(e.claim()).contains("alg");
                });
    }

    @Test
    void refreshOfASessionWithoutRefreshTokenEndsIt() {
        Session session = SessionCookieCodecTest.session("access-1", Optional.empty());
        Session ofFake = new Session("fake", session.tokens(), session.identity(), session.createdAt(), session.expiresAt());

        assertThatExceptionOfType(SessionEndedException.class).isThrownBy(() -> party.refresh(ofFake))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.REFRESH_REJECTED));
    }

    @Test
    void refreshOfASessionOfAProviderNoLongerEnabledEndsIt() {
        Session session = SessionCookieCodecTest.session("access-1");

        assertThatExceptionOfType(SessionEndedException.class).isThrownBy(() -> party.refresh(session))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.SESSION_INVALID));
    }

    @Test
    void refreshForAProviderThatIsNotEnabledIsABadRequest() {
        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> withApiCallerRefresh().refresh("github", "refresh-1"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PROVIDER));
    }

    @Test
    void loginWithAProviderThatIsNotEnabledIsABadRequest() {
        assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> party.startLogin(Optional.of("other"), "/"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PROVIDER));
    }

    @Test
    void logoutOfASessionOfAProviderNoLongerEnabledGoesHome() {
        assertThat(party.logout(Optional.of(SessionCookieCodecTest.session("access-1"))))
                .isEqualTo(java.net.URI.create("https://app.example/"));
    }

    @Test
    void aProviderThatIsNotEnabledHasNoLogoutOrigin() {
        assertThat(party.logoutOrigin("other")).isEmpty();
        assertThat(party.logoutOrigin("no-such-provider")).isEmpty();
    }

    private OidcRelyingParty withApiCallerRefresh() {
        Map<String, String> accepting = new java.util.HashMap<>(config);
        accepting.put("auth.refresh.api-callers", "true");
        return OidcRelyingParty.create(TestConfig.values(accepting), CLOCK, OidcRelyingPartyConfigTest.factories("fake", "other"));
    }

    private String loginCookie(String provider, String state, Instant expiresAt) {
        return loginStates.write(new LoginState(state, "nonce-1", "verifier-1", provider, ReturnTo.ROOT, expiresAt)).value();
    }

    private LoginFailedException loginFailure(CallbackParameters callback, String cookie) {
        LoginFailedException e = org.assertj.core.api.Assertions.catchThrowableOfType(LoginFailedException.class,
                () -> party.completeLogin(callback, Optional.ofNullable(cookie)));
        assertThat(e).as("LoginFailedException expected").isNotNull();
        return e;
    }
}
