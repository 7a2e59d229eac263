package dev.portcullis.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Configuration for tests: a map of keys, read the way MicroProfile Config is read. */
final class TestConfig {

    static final String SECRET = TestJwts.base64Secret();

    private TestConfig() {
    }

    /** The minimal valid settings: provider "test" at https://app.example. */
    static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("auth.provider", "test");
        values.put("auth.base-url", "https://app.example");
        values.put("auth.session.secret", SECRET);
        return values;
    }

    static ConfigValues values(Map<String, String> map) {
        return new ConfigValues(key -> Optional.ofNullable(map.get(key)), map::keySet);
    }
}
