package dev.portcullis.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * One cold start, in a fresh JVM: boots a Lambda handler as the runtime does (its constructor), optionally runs the
 * SnapStart hooks (checkpoint, then restore), then serves the first request, a guarded {@code GET} with a bearer
 * token as an HTTP API event. Prints one {@code RESULT} line of timings in milliseconds:
 * <ul>
 *   <li>{@code launch_to_answer}: from {@code BENCH_LAUNCH_NANOS} (epoch nanoseconds taken by the script just before it
 *   started {@code java}) to the answer: the headline figure;</li>
 *   <li>{@code jvm_start_to_answer}: from {@code ProcessHandle.current().info().startInstant()} (the kernel's process
 *   start, 10 ms resolution) to the answer;</li>
 *   <li>{@code launch_to_main}, {@code init} (the handler's constructor), {@code priming} (checkpoint and restore
 *   hooks), {@code first_request}.</li>
 * </ul>
 * {@code ColdStart <handler-class> <path> [plain|primed|restored]} ({@code restored}: the SnapStart hooks without
 * {@code beforeCheckpoint}, as a snapshot of an unprimed function); the token comes from {@code BENCH_TOKEN}. Exits 1 unless the
 * answer is 200.
 */
public final class ColdStart {

    private ColdStart() {
    }

    /**
     * Runs one cold start.
     *
     * @param args the handler class, the path, and {@code primed} to run the SnapStart hooks first
     * @throws Exception when the handler fails
     */
    public static void main(String[] args) throws Exception {
        Instant main = Instant.now();
        boolean primed = args.length > 2 && args[2].equals("primed");
        // a snapshot right after init, without the priming hooks, then restored
        boolean unprimedRestore = args.length > 2 && args[2].equals("restored");
        if (primed || unprimedRestore) {
            // org.crac hands its resources to this stand-in for a CRaC runtime (see the snapstart package)
            System.setProperty("org.crac.Core.Compat", "dev.portcullis.benchmarks.snapstart");
            System.setProperty(dev.portcullis.benchmarks.snapstart.Core.UNPRIMED, String.valueOf(unprimedRestore));
        }
        RequestStreamHandler handler;
        try {
            handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // a container's threads would keep the JVM alive and the script waiting
            e.printStackTrace();
            System.exit(2);
            return;
        }
        Instant ready = Instant.now();
        if (primed || unprimedRestore) {
            Class.forName("org.crac.Core").getMethod("checkpointRestore").invoke(null);
        }
        Instant restored = Instant.now();
        int status = HttpApiEvents.invoke(handler, HttpApiEvents.get(args[1], System.getenv("BENCH_TOKEN")));
        Instant answered = Instant.now();

        Optional<Instant> launch = Optional.ofNullable(System.getenv("BENCH_LAUNCH_NANOS"))
                .map(nanos -> Instant.ofEpochSecond(0, Long.parseLong(nanos)));
        Optional<Instant> jvmStart = ProcessHandle.current().info().startInstant();
        StringBuilder result = new StringBuilder("RESULT status=").append(status).append(" primed=").append(primed);
        launch.ifPresent(t -> result.append(" launch_to_answer=").append(ms(t, answered)).append(" launch_to_main=").append(ms(t, main)));
        jvmStart.ifPresent(t -> result.append(" jvm_start_to_answer=").append(ms(t, answered)));
        result.append(" init=").append(ms(main, ready))
                .append(" priming=").append(ms(ready, restored))
                .append(" first_request=").append(ms(restored, answered));
        System.out.println(result);
        System.out.flush();
        // Helidon's and Weld's threads would keep the JVM alive; the figures are taken
        System.exit(status == 200 ? 0 : 1);
    }

    private static String ms(Instant from, Instant to) {
        return String.format(Locale.ROOT, "%.1f", Duration.between(from, to).toNanos() / 1e6);
    }
}
