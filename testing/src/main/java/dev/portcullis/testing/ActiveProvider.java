package dev.portcullis.testing;

import java.util.Map;

/**
 * Which {@link TestProvider} is in use: the one whose settings {@link TestProviderConfigSource} serves. One at a time;
 * a new one replaces the one before, which is closed.
 */
final class ActiveProvider {

    private static final Object LOCK = new Object();
    private static volatile TestProvider active;

    private ActiveProvider() {
    }

    /**
     * Makes a new provider the one in use, and closes the one it replaces.
     *
     * @param next the new provider
     */
    static void activate(TestProvider next) {
        TestProvider replaced;
        synchronized (LOCK) {
            replaced = active;
            active = next;
        }
        if (replaced != null) {
            // outside the lock: its close() withdraws nothing now, as it is no longer the one in use
            replaced.close();
        }
    }

    /**
     * Withdraws a provider's settings, if it is still the one in use.
     *
     * @param provider the provider that closes
     */
    static void deactivate(TestProvider provider) {
        synchronized (LOCK) {
            if (active == provider) {
                active = null;
            }
        }
    }

    /** {@return the settings of the provider in use; empty when none is} */
    static Map<String, String> settings() {
        TestProvider current = active;
        return current == null ? Map.of() : current.settings();
    }
}
