package dev.portcullis.service;

import java.util.List;
import java.util.Map;

import dev.portcullis.service.testing.ServiceProcess;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfigured service does not start: the process exits with one line that names the key to fix (and its
 * environment variable), and never prints a secret. Runs the service's real main class in a fresh JVM configured
 * by environment variables alone, as on a server or Lambda.
 */
class StartupConfigurationTest {

    static final String SECRET = "c2VjcmV0LXNlc3Npb24ta2V5LXRoYXQtbXVzdC1ub3QtbGVhaw==";

    static List<Arguments> misconfigurations() {
        Map<String, String> good = Map.of(
                "AUTH_PROVIDER", "cognito",
                "AUTH_BASE_URL", "https://app.example.com",
                "AUTH_SESSION_SECRET", SECRET,
                "AUTH_COGNITO_REGION", "eu-west-1",
                "AUTH_COGNITO_USER_POOL_ID", "eu-west-1_AbCdEf123",
                "AUTH_COGNITO_DOMAIN", "login.example.com",
                "AUTH_COGNITO_CLIENT_ID", "client",
                "AUTH_COGNITO_CLIENT_SECRET", "client-secret-that-must-not-leak");
        return List.of(
                Arguments.of(without(good, "AUTH_PROVIDER"), "auth.provider (environment variable AUTH_PROVIDER)"),
                Arguments.of(without(good, "AUTH_BASE_URL"), "auth.base-url (environment variable AUTH_BASE_URL)"),
                Arguments.of(with(good, "AUTH_BASE_URL", "http://app.example.com"), "auth.base-url"),
                Arguments.of(with(good, "AUTH_SESSION_SECRET", "c2hvcnQ="), "auth.session.secret"),
                Arguments.of(with(good, "AUTH_PROVIDER", "github"), "auth.provider"),
                Arguments.of(without(good, "AUTH_COGNITO_DOMAIN"), "auth.cognito.domain (environment variable AUTH_COGNITO_DOMAIN)"),
                Arguments.of(with(good, "AUTH_COGNITO_REGION", "moon-1"), "auth.cognito.region"),
                Arguments.of(without(good, "AUTH_COGNITO_CLIENT_SECRET"), "auth.cognito.client-secret"),
                Arguments.of(with(good, "AUTH_SECRETS_TTL", "five minutes"), "auth.secrets.ttl (environment variable AUTH_SECRETS_TTL)"));
    }

    @ParameterizedTest
    @MethodSource("misconfigurations")
    void startupFailsWithOneLineNamingTheKey(Map<String, String> environment, String expected) {
        ServiceProcess service = ServiceProcess.runUntilExit(environment);

        assertThat(service.exited()).as("the service should have refused to start; it printed:%n%s", service.output()).isTrue();
        assertThat(service.exitCode()).isNotZero();
        assertThat(service.meaningfulLines()).singleElement().asString().contains(expected);
        assertThat(service.output()).doesNotContain(SECRET, "client-secret-that-must-not-leak");
    }

    private static Map<String, String> without(Map<String, String> map, String key) {
        Map<String, String> copy = new java.util.HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
