package dev.portcullis.auth;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The states of the logins whose callbacks this instance has already taken to the provider, until each login would
 * have expired anyway. A callback replayed with a copy of its login-state cookie is then refused here instead of
 * spending a token request on a code the provider will refuse: one copied pair could otherwise be sent again and again
 * for as long as the login state lives. Other instances do not know this one's states (no shared store, by design);
 * there the provider's own one-use rule for codes and {@link ProviderCallLimit} still hold. Thread-safe.
 */
final class SpentLoginStates {

    /** About a megabyte at most; more live logins than this in ten minutes on one instance are not remembered. */
    static final int CAPACITY = 10_000;

    private final ConcurrentHashMap<String, Instant> spent = new ConcurrentHashMap<>();

    /**
     * Records a login's state as used.
     *
     * @param state     the login's state
     * @param expiresAt when the login state expires, after which it is refused anyway
     * @param now       the time now
     * @return false when it was already used
     */
    boolean spend(String state, Instant expiresAt, Instant now) {
        if (spent.size() >= CAPACITY) {
            spent.values().removeIf(expiry -> !expiry.isAfter(now));
            if (spent.size() >= CAPACITY) {
                return true;
            }
        }
        return spent.putIfAbsent(state, expiresAt) == null;
    }
}
