package dev.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.portcullis.auth.ProviderCallLimit.Purpose;
import dev.portcullis.auth.ProviderReadinessTest.MovableClock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The per-instance bound on calls to a provider: calls over it are refused at once, never queued; API callers' refresh
 * tokens get at most half of it. A clock that moves only when told.
 */
class ProviderCallLimitTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));

    @Test
    void callsOverTheRatePerSecondAreRefusedAsBusyAndAllowedAgainAsTheSecondPasses() {
        ProviderCallLimit limit = new ProviderCallLimit("oidc", new AuthSettings.CallBounds(100, 4), clock);

        assertThat(made(limit, Purpose.USER, 6)).isEqualTo(4);
        clock.advance(Duration.ofMillis(500));
        assertThat(made(limit, Purpose.USER, 6)).as("half a second refills half the bucket").isEqualTo(2);
        clock.advance(Duration.ofMinutes(10));
        assertThat(made(limit, Purpose.USER, 10)).as("a quiet spell allows no more than one second's calls").isEqualTo(4);
    }

    @Test
    void aFloodOfApiCallersRefreshTokensLeavesHalfTheRateToUsers() {
        ProviderCallLimit limit = new ProviderCallLimit("oidc", new AuthSettings.CallBounds(100, 10), clock);

        assertThat(made(limit, Purpose.API_CALLER, 50)).isEqualTo(5);
        assertThat(made(limit, Purpose.USER, 50)).isEqualTo(5);
    }

    @Test
    void theRefusalNamesTheProviderAndIsBusy() {
        ProviderCallLimit limit = new ProviderCallLimit("auth0", new AuthSettings.CallBounds(2, 2), clock);
        made(limit, Purpose.USER, 2);

        assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> limit.call(Purpose.USER, () -> "sent"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PROVIDER_BUSY))
                .satisfies(e -> assertThat(e.provider()).contains("auth0"));
    }

    @Test
    void callsInFlightAreBoundedAndTheExcessIsRefusedWithoutWaiting() throws Exception {
        ProviderCallLimit limit = new ProviderCallLimit("oidc", new AuthSettings.CallBounds(4, 1000), clock);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(pool.submit(() -> limit.call(Purpose.API_CALLER, () -> {
                    entered.countDown();
                    await(release);
                    return "answered";
                })));
            }
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatExceptionOfType(ProviderUnavailableException.class)
                    .as("the API callers' half (2 of 4) is in flight")
                    .isThrownBy(() -> limit.call(Purpose.API_CALLER, () -> "sent"));
            assertThat(limit.call(Purpose.USER, () -> "sent")).as("a user's call still goes out").isEqualTo("sent");

            release.countDown();
            for (Future<String> call : held) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("answered");
            }
            assertThat(limit.call(Purpose.API_CALLER, () -> "sent")).as("the slots are given back").isEqualTo("sent");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aCallThatFailsGivesItsSlotBack() {
        ProviderCallLimit limit = new ProviderCallLimit("oidc", new AuthSettings.CallBounds(2, 1000), clock);
        for (int i = 0; i < 5; i++) {
            assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> limit.call(Purpose.USER, () -> {
                throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, "oidc", "down", null);
            })).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PROVIDER_DOWN));
        }
        assertThat(made(limit, Purpose.USER, 1)).isEqualTo(1);
    }

    /** How many of {@code attempts} calls made one after the other were made rather than refused as busy. */
    private static int made(ProviderCallLimit limit, Purpose purpose, int attempts) {
        int made = 0;
        for (int i = 0; i < attempts; i++) {
            try {
                limit.call(purpose, () -> "sent");
                made++;
            } catch (ProviderUnavailableException e) {
                assertThat(e.reason()).isEqualTo(Reason.PROVIDER_BUSY);
            }
        }
        return made;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
