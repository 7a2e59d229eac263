package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.PrometheusScrape;
import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.PrometheusScrape.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * What an operator's Prometheus scraper reads at {@code /metrics} after each kind of sign-in, refresh, logout and bearer
 * call: exactly which series of the service's own metrics went up, and by how much.
 */
@HelidonTest
class MetricsTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "cognito")
            .options(EmbeddedProvider.Options.defaults().rotatingRefreshTokens())
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    static final String ORIGIN = SERVICE.baseUrl().toString();
    static final String CLAIMS = "{\"name\":\"Alice Liddell\",\"groups\":[\"staff\"]}";
    static final AtomicBoolean OIDC_KEYS_FETCHED = new AtomicBoolean();

    @BeforeEach
    void theGenericProvidersKeysAreFetched() {
        // so that no test but the JWKS one depends on being the first to need the oidc tenant's keys (the server is not up
        // yet in @BeforeAll)
        if (!OIDC_KEYS_FETCHED.getAndSet(true)) {
            String token = (String) PROVIDER.tokensFor("oidc", "bob", CLAIMS).get("access_token");
            assertThat(bearer(token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aSignInCountsOneStartedAndOneCompletedLoginAndTimesTheIdTokenValidation() {
        PrometheusScrape before = PrometheusScrape.of(SERVICE);

        signedIn("oidc");

        assertThat(PrometheusScrape.of(SERVICE).changesSince(before, "portcullis_")).containsOnly(
                entry(series("portcullis_logins_started_total", "provider", "oidc"), 1.0),
                entry(series("portcullis_logins_completed_total", "provider", "oidc"), 1.0),
                entry(series("portcullis_token_validations_seconds_count", "provider", "oidc", "token", "id", "outcome", "valid"), 1.0));
    }

    @Test
    void failedSignInsAreCountedByProviderAndReason() {
        PrometheusScrape before = PrometheusScrape.of(SERVICE);

        HttpResponse<String> unknownProvider = new Browser().getJson(SERVICE.url("/auth/login?provider=nope"));
        HttpResponse<String> noLoginState = new Browser().getJson(SERVICE.url("/auth/callback?code=c&state=s"));
        Browser browser = new Browser();
        String state = SignIn.query(browser.get(SERVICE.url("/auth/login?provider=oidc"))).get("state");
        HttpResponse<String> denied = browser.getJson(SERVICE.url("/auth/callback?error=access_denied&state=" + state));

        assertThat(unknownProvider.statusCode()).isEqualTo(400);
        assertThat(noLoginState.statusCode()).isEqualTo(400);
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(PrometheusScrape.of(SERVICE).changesSince(before, "portcullis_")).containsOnly(
                entry(series("portcullis_logins_failed_total", "provider", "unknown", "reason", "unknown_provider"), 1.0),
                entry(series("portcullis_logins_failed_total", "provider", "unknown", "reason", "state_missing"), 1.0),
                entry(series("portcullis_logins_started_total", "provider", "oidc"), 1.0),
                entry(series("portcullis_logins_failed_total", "provider", "oidc", "reason", "provider_error"), 1.0));
    }

    @Test
    void bearerTokensAreCountedAsAcceptedOrRefusedByReason() {
        Map<String, Object> tokens = PROVIDER.tokensFor("oidc", "bob", CLAIMS);
        String foreign = (String) PROVIDER.tokensFor("auth0", "bob", "{}").get("access_token");
        PrometheusScrape before = PrometheusScrape.of(SERVICE);

        assertThat(bearer((String) tokens.get("access_token")).statusCode()).isEqualTo(200);
        assertThat(bearer((String) tokens.get("id_token")).statusCode()).isEqualTo(401);
        assertThat(bearer(foreign).statusCode()).isEqualTo(401);
        assertThat(withAuthorization("Basic Ym9iOnNlY3JldA==").statusCode()).isEqualTo(401);

        assertThat(PrometheusScrape.of(SERVICE).changesSince(before, "portcullis_")).containsOnly(
                entry(series("portcullis_bearer_accepted_total", "provider", "oidc"), 1.0),
                entry(series("portcullis_bearer_refused_total", "provider", "oidc", "reason", "token_invalid"), 1.0),
                entry(series("portcullis_bearer_refused_total", "provider", "unknown", "reason", "token_foreign"), 1.0),
                entry(series("portcullis_bearer_refused_total", "provider", "unknown", "reason", "malformed_header"), 1.0),
                entry(series("portcullis_token_validations_seconds_count", "provider", "oidc", "token", "access", "outcome", "valid"), 1.0),
                entry(series("portcullis_token_validations_seconds_count", "provider", "oidc", "token", "access", "outcome", "token_invalid"), 1.0));
    }

    @Test
    void refreshesAndLogoutsAreCountedByOutcome() {
        Browser browser = signedIn("oidc");
        Map<String, String> sessionBeforeLogout = browser.cookies();
        PrometheusScrape before = PrometheusScrape.of(SERVICE);

        assertThat(refresh(browser).statusCode()).isEqualTo(200);
        assertThat(browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN).statusCode()).isEqualTo(303);
        // a copy of the cookie from before the logout: its refresh token was revoked at the provider
        sessionBeforeLogout.forEach(browser::setCookie);
        assertThat(refresh(browser).statusCode()).isEqualTo(409);
        // the same, once its access token has expired: the session ends
        SealedSessions.reseal(sessionBeforeLogout, "oidc", ORIGIN, SERVICE.sessionSecret(),
                s -> SealedSessions.withAccessTokenExpiry(s, Instant.now().minusSeconds(5))).forEach(browser::setCookie);
        assertThat(refresh(browser).statusCode()).isEqualTo(401);

        assertThat(PrometheusScrape.of(SERVICE).changesSince(before, "portcullis_")).containsOnly(
                entry(series("portcullis_refreshes_total", "provider", "oidc", "outcome", "refreshed", "reason", "none"), 1.0),
                entry(series("portcullis_token_validations_seconds_count", "provider", "oidc", "token", "id", "outcome", "valid"), 1.0),
                entry(series("portcullis_logouts_total", "provider", "oidc"), 1.0),
                entry(series("portcullis_refreshes_total", "provider", "oidc", "outcome", "postponed", "reason", "refresh_rejected"), 1.0),
                entry(series("portcullis_refreshes_total", "provider", "oidc", "outcome", "ended", "reason", "refresh_rejected"), 1.0));
    }

    @Test
    void aProvidersKeysAreFetchedOnceAndCountedWhileTheyAreCached() {
        // readiness fetches every provider's keys at start-up; sign-ins then use the cached copy
        PrometheusScrape before = PrometheusScrape.of(SERVICE);

        signedIn("cognito");
        signedIn("cognito");

        PrometheusScrape after = PrometheusScrape.of(SERVICE);
        assertThat(after.changesSince(before, "portcullis_jwks_")).isEmpty();
        assertThat(after.value(series("portcullis_jwks_fetches_total", "provider", "cognito", "outcome", "success"))).isEqualTo(1.0);
    }

    private static Browser signedIn(String provider) {
        Browser browser = new Browser();
        HttpResponse<String> done = SignIn.complete(browser, SERVICE.url("/auth/login?provider=" + provider), "alice",
                provider.equals("cognito") ? "{\"cognito:groups\":[\"staff\"]}" : CLAIMS);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        return browser;
    }

    private static HttpResponse<String> refresh(Browser browser) {
        return browser.postAsScript(SERVICE.url("/auth/refresh"), ORIGIN);
    }

    private static HttpResponse<String> bearer(String token) {
        return withAuthorization("Bearer " + token);
    }

    private static HttpResponse<String> withAuthorization(String authorization) {
        URI me = SERVICE.url("/api/me");
        return new Browser().send(Browser.request(me).header("Accept", "application/json").header("Authorization", authorization).GET());
    }
}
