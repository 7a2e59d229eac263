package dev.portcullis.service;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's log (logger {@code dev.portcullis.auth.events}): exactly one line per sign-in, refresh and logout
 * outcome and per refusal, with the provider, {@code sub} and reason, and nothing a caller could use: no token, code or
 * cookie value.
 */
@HelidonTest
class AuthEventLogTest {

    static final LogCapture LOGS = LogCapture.start();

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "cognito")
            .options(EmbeddedProvider.Options.defaults().rotatingRefreshTokens())
            .setting("auth.refresh.api-callers", "true")
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    static final String ORIGIN = SERVICE.baseUrl().toString();
    static final String EVENTS = "dev.portcullis.auth.events";
    static final java.util.Set<String> DEBUG_LEVELS = java.util.Set.of("FINE", "FINER", "FINEST", "CONFIG");
    static final Pattern EVENT_LINE = Pattern.compile("^" + Pattern.quote(EVENTS) + " .* (\\w+) " + Pattern.quote(EVENTS)
            + ": (.*?)\\R?$", Pattern.DOTALL);

    @AfterAll
    static void stop() {
        LOGS.close();
    }

    @Test
    void aSignInLogsItsStartAndItsCompletionWithTheSubject() {
        List<String> lines = eventsDuring(() -> signIn(new Browser(), "oidc", "alice"));

        assertThat(lines).containsExactly(
                "INFO login started: provider=oidc",
                "INFO login completed: provider=oidc sub=alice");
    }

    @Test
    void aFailedSignInLogsOneLineWithTheProviderAndTheReason() {
        Browser browser = new Browser();
        List<String> lines = eventsDuring(() -> {
            String state = SignIn.query(browser.get(SERVICE.url("/auth/login?provider=cognito"))).get("state");
            assertThat(browser.getJson(SERVICE.url("/auth/callback?error=access_denied&state=" + state)).statusCode()).isEqualTo(400);
        });

        assertThat(lines).containsExactly(
                "INFO login started: provider=cognito",
                "INFO login failed: provider=cognito sub=- reason=PROVIDER_ERROR claim=-");
    }

    @Test
    void refreshLogoutAndARefusedRefreshLogOneLineEach() {
        Browser browser = new Browser();
        signIn(browser, "oidc", "carol");
        Map<String, String> sessionBeforeLogout = browser.cookies();

        List<String> refreshed = eventsDuring(() -> assertThat(refresh(browser).statusCode()).isEqualTo(200));
        List<String> loggedOut = eventsDuring(() ->
                assertThat(browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN).statusCode()).isEqualTo(303));
        // a copy of the cookie from before the logout: its refresh token was revoked at the provider; while its access
        // token lasts the refusal changes nothing (it may be the losing one of two concurrent refreshes), after that it ends
        sessionBeforeLogout.forEach(browser::setCookie);
        List<String> postponed = eventsDuring(() -> assertThat(refresh(browser).statusCode()).isEqualTo(409));
        expired(sessionBeforeLogout).forEach(browser::setCookie);
        List<String> ended = eventsDuring(() -> assertThat(refresh(browser).statusCode()).isEqualTo(401));
        List<String> anonymousLogout = eventsDuring(() ->
                assertThat(new Browser().submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN).statusCode()).isEqualTo(303));

        assertThat(refreshed).containsExactly("INFO session refreshed: provider=oidc sub=carol trigger=endpoint");
        assertThat(loggedOut).containsExactly("INFO logout: provider=oidc sub=carol");
        assertThat(postponed).containsExactly(
                "INFO session refresh failed, access token still valid: provider=oidc sub=carol reason=REFRESH_REJECTED");
        assertThat(ended).containsExactly("INFO session ended: provider=oidc sub=carol reason=REFRESH_REJECTED");
        assertThat(anonymousLogout).containsExactly("INFO logout: no session");
    }

    @Test
    void anApiCallersRefreshAndBearerRefusalsLogOneLineEachAndNoCredential() {
        Map<String, Object> tokens = PROVIDER.tokensFor("oidc", "dave", "{}");
        String refreshToken = (String) tokens.get("refresh_token");
        String idToken = (String) tokens.get("id_token");
        List<String> everything = new ArrayList<>();

        List<String> refreshed = eventsDuring(() -> {
            HttpResponse<String> answer = new Browser().send(Browser.request(SERVICE.url("/auth/refresh"))
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(Map.of("provider", "oidc", "refresh_token", refreshToken)))));
            assertThat(answer.statusCode()).isEqualTo(200);
        }, everything);
        List<String> refused = eventsDuring(() -> assertThat(bearer("Bearer " + idToken).statusCode()).isEqualTo(401), everything);
        List<String> malformed = eventsDuring(() -> assertThat(bearer("Basic ZGF2ZTpzZWNyZXQ=").statusCode()).isEqualTo(401), everything);

        assertThat(refreshed).containsExactly("INFO session refreshed: provider=oidc sub=- trigger=api");
        assertThat(refused).containsExactly("INFO bearer refused: provider=oidc sub=- reason=TOKEN_INVALID claim=aud");
        assertThat(malformed).containsExactly("INFO bearer refused: provider=- sub=- reason=MALFORMED_HEADER claim=-");
        assertThat(String.join("\n", everything)).as("every log line of every logger meanwhile, at every level")
                .doesNotContain(refreshToken, idToken, (String) tokens.get("access_token"), "ZGF2ZTpzZWNyZXQ=");
    }

    @Test
    void aSubjectWithALineBreakCannotForgeASecondLine() {
        List<String> lines = eventsDuring(() -> signIn(new Browser(), "oidc", "mallory\nINFO login completed: provider=oidc sub=admin"));

        assertThat(lines).containsExactly(
                "INFO login started: provider=oidc",
                "INFO login completed: provider=oidc sub=mallory?INFO login completed: provider=oidc sub=admin");
    }

    private static void signIn(Browser browser, String provider, String subject) {
        HttpResponse<String> done = SignIn.complete(browser, SERVICE.url("/auth/login?provider=" + provider), subject,
                "{\"name\":\"A User\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    }

    private static List<String> eventsDuring(Runnable action) {
        return eventsDuring(action, new ArrayList<>());
    }

    /**
     * The event lines logged at INFO and above (what an operator sees by default) while the action ran, as
     * "LEVEL message"; every line of every logger, at every level, goes to {@code all}.
     */
    private static List<String> eventsDuring(Runnable action, List<String> all) {
        int mark = LOGS.lines().size();
        action.run();
        List<String> lines = LOGS.lines();
        List<String> during = lines.subList(mark, lines.size());
        all.addAll(during);
        List<String> events = new ArrayList<>();
        for (String line : during) {
            Matcher event = EVENT_LINE.matcher(line);
            if (line.startsWith(EVENTS + " ")) {
                assertThat(event.matches()).as("an event line: %s", line).isTrue();
                if (!DEBUG_LEVELS.contains(event.group(1))) {
                    events.add(event.group(1) + " " + event.group(2));
                }
            }
        }
        return events;
    }

    private static Map<String, String> expired(Map<String, String> session) {
        return SealedSessions.reseal(session, "oidc", ORIGIN, SERVICE.sessionSecret(),
                s -> SealedSessions.withAccessTokenExpiry(s, Instant.now().minusSeconds(5)));
    }

    private static HttpResponse<String> refresh(Browser browser) {
        return browser.postAsScript(SERVICE.url("/auth/refresh"), ORIGIN);
    }

    private static HttpResponse<String> bearer(String authorization) {
        return new Browser().send(Browser.request(SERVICE.url("/api/me"))
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .GET());
    }
}
