package dev.portcullis.helidon;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.session.idle-timeout=PT30M} over real HTTP, on the Helidon server with the embedded provider: the server's
 * clock is one the test sets ({@link ClockOfThisTest}: a CDI alternative of Portcullis' own), so no test sleeps. Each
 * test sets it relative to the last use the browser's session cookie records; the provider's tokens live an hour, so no
 * refresh comes into play.
 */
@HelidonTest
@AddBean(IdleSessionTest.ClockOfThisTest.class)
class IdleSessionTest {

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.builder().providers("oidc")
            .setting("auth.session.idle-timeout", "PT30M")
            .build();

    static final SettableClock CLOCK = new SettableClock();

    @Inject
    OidcRelyingParty relyingParty;

    final Browser browser = new Browser();

    @BeforeEach
    void signIn() {
        CLOCK.set(Instant.now());
        OIDC.sessionCookies("oidc", TestUser.named("alice").inGroups("staff")).forEach(browser::setCookie);
    }

    @Test
    void aBrowserBackAfterTheIdleTimeoutIsSentToSignInAndItsSessionCleared() {
        CLOCK.set(lastUse().plus(Duration.ofMinutes(30)));
        OIDC.provider().clearRequests();

        HttpResponse<String> page = browser.get(OIDC.url("/things"));

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValue(OIDC.baseUrl() + "/auth/login?return_to=" + URLEncoder.encode("/things", StandardCharsets.UTF_8));
        assertThat(sessionCookies(page)).containsExactly("portcullis=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(browser.cookies()).doesNotContainKey("portcullis");
        assertThat(OIDC.provider().tokenRequests()).as("the provider is not asked").isEmpty();
    }

    @Test
    void anApiCallBackAfterTheIdleTimeoutGets401AndItsSessionCleared() {
        CLOCK.set(lastUse().plus(Duration.ofMinutes(30)));

        HttpResponse<String> call = apiCall();

        assertThat(call.statusCode()).isEqualTo(401);
        assertThat(call.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(sessionCookies(call)).containsExactly("portcullis=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    @Test
    void aRefreshAfterTheIdleTimeoutGets401AndItsSessionClearedWithoutAskingTheProvider() {
        CLOCK.set(lastUse().plus(Duration.ofMinutes(30)));
        OIDC.provider().clearRequests();

        HttpResponse<String> refresh = browser.postAsScript(OIDC.url("/auth/refresh"), OIDC.baseUrl().toString());

        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.body()).startsWith("{\"error\":\"session_ended\"");
        assertThat(sessionCookies(refresh)).containsExactly("portcullis=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(OIDC.provider().tokenRequests()).isEmpty();
    }

    @Test
    void aSessionInUseStaysAndItsCookieIsResealedOnceAMinuteNotWithEveryAnswer() {
        Instant signedIn = lastUse();

        CLOCK.set(signedIn.plusSeconds(30));
        HttpResponse<String> halfAMinute = apiCall();
        CLOCK.set(signedIn.plusSeconds(59));
        HttpResponse<String> withinTheMinute = apiCall();
        CLOCK.set(signedIn.plusSeconds(60));
        HttpResponse<String> aMinuteOn = apiCall();
        CLOCK.set(signedIn.plusSeconds(61));
        HttpResponse<String> nextSecond = apiCall();

        assertThat(List.of(halfAMinute, withinTheMinute, aMinuteOn, nextSecond))
                .allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
        assertThat(sessionCookies(halfAMinute)).isEmpty();
        assertThat(sessionCookies(withinTheMinute)).isEmpty();
        assertThat(sessionCookies(aMinuteOn)).singleElement().satisfies(cookie -> assertThat(cookie).doesNotContain("Max-Age"));
        assertThat(sessionCookies(nextSecond)).isEmpty();
        assertThat(lastUse()).isEqualTo(signedIn.plusSeconds(60));

        // past the idle timeout since sign-in, not since the recorded use
        CLOCK.set(signedIn.plusSeconds(60).plus(Duration.ofMinutes(30)).minusSeconds(1));
        HttpResponse<String> later = apiCall();

        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.body()).isEqualTo("things for alice");
        assertThat(sessionCookies(later)).hasSize(1);
    }

    /** A script's call with the browser's cookies: it does not ask for HTML. */
    private HttpResponse<String> apiCall() {
        return browser.send(Browser.request(OIDC.url("/things")).header("Accept", "text/plain").GET());
    }

    /** The last use the browser's session cookie records, read as the server reads it. */
    private Instant lastUse() {
        return relyingParty.sessions().read(browser.cookies()).orElseThrow().lastUsedAt();
    }

    private static List<String> sessionCookies(HttpResponse<String> answer) {
        return answer.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("portcullis=")).toList();
    }

    /** A clock that stands where the test puts it. */
    static final class SettableClock extends Clock {
        private volatile Instant now = Instant.now();

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * Portcullis' clock, replaced by the test's. Not discovered (no bean-defining annotation): added to this test class
     * only.
     */
    @Alternative
    @Priority(1)
    public static class ClockOfThisTest {

        @Produces
        @Singleton
        @PortcullisClock
        Clock clock() {
            return CLOCK;
        }
    }
}
