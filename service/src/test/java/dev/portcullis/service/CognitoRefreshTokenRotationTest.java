package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.portcullis.service.testing.ReuseDetectingProxy;
import dev.portcullis.service.testing.ReuseDetectingProxy.Exchange;
import dev.portcullis.service.testing.ReuseDetectingProxy.Outcome;
import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.service.testing.Responses.setCookie;
import static dev.portcullis.service.testing.Responses.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amazon Cognito's refresh token rotation, as Auth0's reuse interval is tested in {@link SessionAttackTest}: a Cognito
 * user pool reached through a proxy that rotates refresh tokens as a Cognito app client with rotation enabled does
 * (each refresh answers a new refresh token; the one presented stays usable for the grace period,
 * {@code RetryGracePeriodSeconds}, then gets {@code invalid_grant}; Cognito documents no reuse detection, so the new
 * token lives on), or, with rotation off (Cognito's default), answers no refresh token at all.
 */
@HelidonTest
class CognitoRefreshTokenRotationTest {

    /** Between the service and the Cognito tenant; it listens first, so the service is configured with its addresses. */
    static final ReuseDetectingProxy PROXY = ReuseDetectingProxy.start();

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito")
            .setting("auth.cognito.issuer", PROXY.issuer(EmbeddedProvider.COGNITO_POOL).toString())
            .setting("auth.cognito.domain", PROXY.issuer("cognito").toString())
            .build();
    static final EmbeddedProvider PROVIDER = PROXY.forwardTo(SERVICE.provider());
    static final String ORIGIN = SERVICE.baseUrl().toString();

    @AfterAll
    static void stopTheProxy() {
        PROXY.close();
    }

    @BeforeEach
    void cognitoWithRotationAndNoGracePeriod() {
        PROXY.revokeFamilyOnReuse(false);
        PROXY.rotating(true);
        PROXY.overlapPeriod(Duration.ZERO);
        PROXY.clearExchanges();
    }

    @Test
    void withRotationEachRefreshKeepsCognitosNewRefreshTokenInTheSession() {
        Browser browser = withCookies(sessionOf("dana"));
        String signInRefreshToken = PROXY.exchanges().getFirst().refreshToken();
        PROXY.clearExchanges();

        HttpResponse<String> first = refresh(browser);
        HttpResponse<String> second = refresh(browser);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).getString("provider")).isEqualTo("cognito");
        List<Exchange> exchanges = PROXY.exchanges();
        assertThat(exchanges).extracting(Exchange::outcome).containsExactly(Outcome.ROTATED, Outcome.ROTATED);
        assertThat(exchanges.get(0).refreshToken()).isEqualTo(signInRefreshToken);
        assertThat(exchanges.get(1).refreshToken()).as("the second refresh presents the token the first one got")
                .isNotEqualTo(signInRefreshToken);
    }

    @Test
    void theRotatedOutRefreshTokenIsRefusedAfterTheGracePeriodWhileTheAccessTokenLastsAndTheNewOneStillWorks() {
        Map<String, String> before = sessionOf("dana");
        Browser rotated = withCookies(before);
        assertThat(refresh(rotated).statusCode()).isEqualTo(200);
        PROXY.clearExchanges();

        HttpResponse<String> stale = refresh(withCookies(before));

        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        assertThat(json(stale).getString("error")).isEqualTo("refresh_conflict");
        assertThat(setCookies(stale)).as("nothing cleared: the copy that won keeps working").isEmpty();
        assertThat(PROXY.outcomes()).containsExactly(Outcome.REFUSED_ROTATED_OUT);
        assertSignedInAs(withCookies(before), "dana");

        PROXY.clearExchanges();
        assertThat(refresh(rotated).statusCode()).as("Cognito revokes nothing else: the new token refreshes").isEqualTo(200);
        assertThat(PROXY.outcomes()).containsExactly(Outcome.ROTATED);
    }

    @Test
    void theRotatedOutRefreshTokenAfterTheAccessTokenExpiredEndsTheSession() {
        Map<String, String> before = sessionOf("dana");
        assertThat(refresh(withCookies(before)).statusCode()).isEqualTo(200);
        Map<String, String> expired = SealedSessions.reseal(before, "cognito", ORIGIN, SERVICE.sessionSecret(),
                session -> SealedSessions.withAccessTokenExpiry(session, Instant.now().minusSeconds(5)));
        PROXY.clearExchanges();

        HttpResponse<String> stale = refresh(withCookies(expired));

        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(401);
        assertThat(json(stale).getString("error")).isEqualTo("session_ended");
        assertThat(setCookie(stale, "portcullis")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(PROXY.outcomes()).containsExactly(Outcome.REFUSED_ROTATED_OUT);
    }

    @Test
    void withinTheGracePeriodTheRotatedOutRefreshTokenStillRefreshes() {
        PROXY.overlapPeriod(Duration.ofSeconds(60));
        Map<String, String> before = sessionOf("dana");
        assertThat(refresh(withCookies(before)).statusCode()).isEqualTo(200);
        PROXY.clearExchanges();

        HttpResponse<String> retried = refresh(withCookies(before));

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(setCookie(retried, "portcullis")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Max-Age"));
        assertThat(PROXY.outcomes()).containsExactly(Outcome.REUSED_WITHIN_OVERLAP);
    }

    @Test
    void withRotationOffCognitoAnswersNoRefreshTokenAndTheSessionKeepsItsOwn() {
        PROXY.rotating(false);
        Browser browser = withCookies(sessionOf("dana"));
        String signInRefreshToken = PROXY.exchanges().getFirst().refreshToken();
        PROXY.clearExchanges();

        HttpResponse<String> first = refresh(browser);
        HttpResponse<String> second = refresh(browser);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(PROXY.exchanges()).containsExactly(
                new Exchange(signInRefreshToken, Outcome.REFRESHED_WITHOUT_ROTATION),
                new Exchange(signInRefreshToken, Outcome.REFRESHED_WITHOUT_ROTATION));
    }

    // ---- helpers

    /** A fresh sign-in's session cookies. */
    private static Map<String, String> sessionOf(String user) {
        Browser browser = new Browser();
        HttpResponse<String> done = SignIn.complete(browser, SERVICE.url("/auth/login"), user, "{\"cognito:groups\":[\"staff\"]}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(PROXY.outcomes()).last().isEqualTo(Outcome.ISSUED);
        Map<String, String> session = new TreeMap<>(browser.cookies());
        session.keySet().removeIf(name -> !name.equals("portcullis") && !name.startsWith("portcullis."));
        return session;
    }

    private static Browser withCookies(Map<String, String> cookies) {
        Browser browser = new Browser();
        cookies.forEach(browser::setCookie);
        return browser;
    }

    private static HttpResponse<String> refresh(Browser browser) {
        return browser.postAsScript(SERVICE.url("/auth/refresh"), ORIGIN);
    }

    private static void assertSignedInAs(Browser browser, String user) {
        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo(user);
    }
}
