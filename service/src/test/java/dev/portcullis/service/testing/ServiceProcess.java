package dev.portcullis.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service's real main class in a fresh JVM, configured by environment variables alone, as on a server or on
 * Lambda; for start-up behaviour.
 *
 * @param exited   whether it stopped by itself
 * @param exitCode its exit code, when it stopped
 * @param output   what it printed (stdout and stderr)
 */
public record ServiceProcess(boolean exited, int exitCode, String output) {

    /**
     * Starts the service and waits for it to stop by itself.
     *
     * @param environment the environment (every {@code AUTH_*} and {@code SERVER_*} of this JVM's is removed first)
     * @return what happened
     */
    public static ServiceProcess runUntilExit(Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.helidon.microprofile.cdi.Main")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_") || name.startsWith("SERVER_") || name.startsWith("AWS_"));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", "0");
        try {
            Process process = builder.start();
            // a misconfigured service stops by itself; the bound only keeps a broken build from hanging the run
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new ServiceProcess(exited, exited ? process.exitValue() : -1, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the lines it printed, without the JVM's and SLF4J's own warnings */
    public List<String> meaningfulLines() {
        return output.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("SLF4J") && !line.startsWith("WARNING:"))
                .toList();
    }
}
