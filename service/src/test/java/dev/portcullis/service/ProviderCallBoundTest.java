package dev.portcullis.service;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.FaultyProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.testing.FaultyProvider.Endpoint.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call to a provider with this service's client credentials can be caused by a request anyone can send. The
 * bound on them (auth.http.max-concurrent 4 here, so API callers' refresh tokens get 2) holds under a flood: calls over
 * it are refused at once with 503 and Retry-After, the provider never sees more, and another user's sign-in still
 * completes. The token endpoint answers slowly (behind a WireMock proxy), so the flood's calls are in flight together.
 */
@HelidonTest
class ProviderCallBoundTest {

    /** How long the token endpoint takes to answer: long enough that the flood is in flight while the sign-in runs. */
    static final Duration SLOW = Duration.ofSeconds(4);

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc")
            .throughFaultyProvider()
            .setting("auth.refresh.api-callers", "true")
            .setting("auth.http.max-concurrent", "4")
            .setting("auth.http.max-per-second", "1000")
            .setting("auth.http.timeout", "PT30S")
            .build();
    static final FaultyProvider FAULTY = SERVICE.faultyProvider();

    @AfterEach
    void heal() {
        FAULTY.heal("oidc");
        FAULTY.forgetRequests();
    }

    @Test
    void aFloodOfRefreshTokensIsBoundedAndAnotherUsersSignInStillCompletes() throws Exception {
        FAULTY.slow("oidc", TOKEN, SLOW);
        ExecutorService flood = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpResponse<String>>> refreshes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String refreshToken = "flood-" + i;
                refreshes.add(flood.submit(() -> new Browser().send(Browser.request(SERVICE.url("/auth/refresh"))
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("provider=oidc&refresh_token=" + refreshToken)))));
            }
            awaitTokenRequests(2);

            Browser user = new Browser();
            HttpResponse<String> signIn = user.follow(SignIn.atProvider(user, SERVICE.url("/auth/login?provider=oidc"), "alice", "{}"));

            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(302);
            assertThat(user.cookies()).containsKey("portcullis");
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> refresh : refreshes) {
                HttpResponse<String> answer = refresh.get(60, TimeUnit.SECONDS);
                statuses.add(answer.statusCode());
                if (answer.statusCode() == 503) {
                    assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(json(answer).getString("error")).isEqualTo("provider_busy");
                }
            }
            // the two in flight were refused by the provider (unknown refresh tokens); the other 18 never left
            assertThat(statuses).filteredOn(status -> status == 503).hasSize(18);
            assertThat(statuses).filteredOn(status -> status == 401).hasSize(2);
            assertThat(FAULTY.requests("oidc", TOKEN)).as("2 refreshes and the sign-in's code exchange").isEqualTo(3);
        } finally {
            flood.shutdownNow();
        }
    }

    @Test
    void aRefreshTokenLongerThanAnyRealOneIsABadRequestAndTheProviderIsNotAsked() {
        HttpResponse<String> refresh = new Browser().send(Browser.request(SERVICE.url("/auth/refresh"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("provider=oidc&refresh_token=" + "r".repeat(20_000))));

        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(json(refresh).getString("error")).isEqualTo("bad_request");
        assertThat(refresh.body()).doesNotContain("rrrr");
        assertThat(FAULTY.requests("oidc", TOKEN)).isZero();
    }

    /** Waits until the token endpoint has received the given number of requests. */
    private static void awaitTokenRequests(int count) throws InterruptedException {
        for (int i = 0; i < 600 && FAULTY.requests("oidc", TOKEN) < count; i++) {
            Thread.sleep(50);
        }
        assertThat(FAULTY.requests("oidc", TOKEN)).isEqualTo(count);
    }
}
