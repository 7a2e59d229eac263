package dev.portcullis.lambda;

/**
 * Settings the handler tests configure the function with.
 */
final class TestSettings {

    /** A session key for tests: 256 bits, base64. */
    static final String SESSION_SECRET = "cG9ydGN1bGxpcy10ZXN0LXNlc3Npb24ta2V5LTAwMDE=";

    private TestSettings() {
    }
}
