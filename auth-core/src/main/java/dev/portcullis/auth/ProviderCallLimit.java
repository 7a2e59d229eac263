package dev.portcullis.auth;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * A bound, per instance and per provider, on the calls this service makes with its client credentials (code
 * exchanges, refreshes, revocations): at most {@code auth.http.max-concurrent} in flight and
 * {@code auth.http.max-per-second} started each second. Every such call can be caused by a request anyone can send
 * (a callback, an API caller's refresh token), and the provider's rate limit is the client's, shared by all its users;
 * so a call over the bound is not queued but refused at once ({@link Reason#PROVIDER_BUSY}, answered 503 with
 * {@code Retry-After}). An API caller's refresh may use at most half of either bound, so a flood of refresh tokens
 * leaves the other half to sign-ins and session refreshes. Thread-safe.
 */
final class ProviderCallLimit {

    /** Who a call is made for. */
    enum Purpose {
        /** A user's sign-in, session refresh or sign-out: the whole bound. */
        USER,
        /** A refresh token an API caller sent: at most half the bound. */
        API_CALLER
    }

    private final String provider;
    private final Clock clock;
    private final Lane all;
    private final Lane apiCallers;

    ProviderCallLimit(String provider, AuthSettings.CallBounds bounds, Clock clock) {
        this.provider = provider;
        this.clock = clock;
        this.all = new Lane(bounds.maxConcurrent(), bounds.maxPerSecond());
        this.apiCallers = new Lane(Math.max(1, bounds.maxConcurrent() / 2), Math.max(1, bounds.maxPerSecond() / 2));
    }

    /**
     * Makes a call within the bound.
     *
     * @throws ProviderUnavailableException {@link Reason#PROVIDER_BUSY} when the call would exceed it; it is not made
     */
    <T> T call(Purpose purpose, Supplier<T> call) {
        long now = clock.millis();
        boolean apiCaller = purpose == Purpose.API_CALLER;
        if (apiCaller && !apiCallers.tryEnter(now)) {
            throw busy();
        }
        if (!all.tryEnter(now)) {
            if (apiCaller) {
                apiCallers.refund();
            }
            throw busy();
        }
        try {
            return call.get();
        } finally {
            all.leave();
            if (apiCaller) {
                apiCallers.leave();
            }
        }
    }

    private ProviderUnavailableException busy() {
        return new ProviderUnavailableException(Reason.PROVIDER_BUSY, provider,
                "not sent: as many calls to the provider as auth.http.max-concurrent and auth.http.max-per-second allow", null);
    }

    /**
     * One bound: calls in flight, and a token bucket refilled at the rate per second, holding at most one second's
     * worth (so a quiet minute does not allow a burst of a minute's calls).
     */
    private static final class Lane {

        private final int maxConcurrent;
        private final int perSecond;
        private int inFlight;
        private double tokens;
        private long refilledAt = Long.MIN_VALUE;

        Lane(int maxConcurrent, int perSecond) {
            this.maxConcurrent = maxConcurrent;
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        synchronized boolean tryEnter(long nowMillis) {
            if (refilledAt == Long.MIN_VALUE) {
                refilledAt = nowMillis;
            } else if (nowMillis > refilledAt) {
                tokens = Math.min(perSecond, tokens + (nowMillis - refilledAt) * perSecond / 1000.0);
                refilledAt = nowMillis;
            }
            if (inFlight >= maxConcurrent || tokens < 1) {
                return false;
            }
            inFlight++;
            tokens--;
            return true;
        }

        synchronized void leave() {
            inFlight--;
        }

        /** Undoes a {@link #tryEnter} whose call was not made after all. */
        synchronized void refund() {
            inFlight--;
            tokens = Math.min(perSecond, tokens + 1);
        }
    }
}
