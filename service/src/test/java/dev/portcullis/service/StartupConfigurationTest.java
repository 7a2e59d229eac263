package dev.portcullis.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
                Arguments.of(without(good, "AUTH_COGNITO_CLIENT_SECRET"), "auth.cognito.client-secret"));
    }

    @ParameterizedTest
    @MethodSource("misconfigurations")
    void startupFailsWithOneLineNamingTheKey(Map<String, String> environment, String expected) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.helidon.microprofile.cdi.Main")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_") || name.startsWith("SERVER_"));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", "0");
        Process process = builder.start();
        // a misconfigured service stops by itself; the bound only keeps a broken build from hanging
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = read(process);

        assertThat(exited).as("the service should have refused to start; it printed:%n%s", output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        List<String> lines = output.lines().filter(line -> !line.isBlank() && !line.startsWith("SLF4J")
                && !line.startsWith("WARNING:")).toList();
        assertThat(lines).singleElement().asString().contains(expected);
        assertThat(output).doesNotContain(SECRET, "client-secret-that-must-not-leak");
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
