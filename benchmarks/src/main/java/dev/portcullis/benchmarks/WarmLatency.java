package dev.portcullis.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.portcullis.lambda.LambdaHandler;

/**
 * Warm requests through the real Lambda handler, in one JVM.
 * <ul>
 *   <li>{@code WarmLatency latency <guarded-path> <unguarded-path> <count> <warm-up>}: after the warm-up, {@code count}
 *   guarded requests (bearer token from {@code BENCH_TOKEN}) alternating with {@code count} unguarded ones, each timed
 *   from the event's bytes to the answer's bytes; prints p50, p90, p99 and mean of each in microseconds.</li>
 *   <li>{@code WarmLatency session <guarded-path> <count> <warm-up>}: the same for a browser session's request (a
 *   session cookie sealed in this JVM), alone; run once per {@code auth.revocation.store} setting to price the store's
 *   look-up.</li>
 *   <li>{@code WarmLatency memory <guarded-path> <count>}: {@code count} guarded requests right after boot, then the
 *   process's resident set ({@code VmRSS}, and its peak {@code VmHWM}) from {@code /proc/self/status}.</li>
 * </ul>
 * Exits 1 when any answer is not 200.
 */
public final class WarmLatency {

    private WarmLatency() {
    }

    /**
     * Runs the measurement.
     *
     * @param args see the class description
     * @throws Exception when the handler fails
     */
    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = new LambdaHandler();
        String token = System.getenv("BENCH_TOKEN");
        if (args[0].equals("memory")) {
            byte[] guarded = HttpApiEvents.get(args[1], token);
            int count = Integer.parseInt(args[2]);
            for (int i = 0; i < count; i++) {
                expect200(HttpApiEvents.invoke(handler, guarded));
            }
            String status = Files.readString(Path.of("/proc/self/status"));
            Runtime runtime = Runtime.getRuntime();
            System.out.println("RESULT requests=" + count + " rss_kb=" + field(status, "VmRSS") + " hwm_kb=" + field(status, "VmHWM")
                    + " heap_used_kb=" + (runtime.totalMemory() - runtime.freeMemory()) / 1024
                    + " heap_committed_kb=" + runtime.totalMemory() / 1024);
            System.exit(0);
        }
        if (args[0].equals("session")) {
            byte[] session = HttpApiEvents.getWithCookies(args[1], SessionCookies.sealed(token));
            int count = Integer.parseInt(args[2]);
            int warmUp = Integer.parseInt(args[3]);
            for (int i = 0; i < warmUp; i++) {
                expect200(HttpApiEvents.invoke(handler, session));
            }
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                nanos[i] = timed(handler, session);
            }
            System.out.println("RESULT kind=session " + summary(nanos));
            System.exit(0);
        }
        byte[] guarded = HttpApiEvents.get(args[1], token);
        byte[] unguarded = HttpApiEvents.get(args[2], null);
        int count = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        for (int i = 0; i < warmUp; i++) {
            expect200(HttpApiEvents.invoke(handler, guarded));
            expect200(HttpApiEvents.invoke(handler, unguarded));
        }
        long[] guardedNanos = new long[count];
        long[] unguardedNanos = new long[count];
        for (int i = 0; i < count; i++) {
            guardedNanos[i] = timed(handler, guarded);
            unguardedNanos[i] = timed(handler, unguarded);
        }
        System.out.println("RESULT kind=guarded " + summary(guardedNanos));
        System.out.println("RESULT kind=unguarded " + summary(unguardedNanos));
        System.exit(0);
    }

    private static long timed(RequestStreamHandler handler, byte[] event) throws IOException {
        long start = System.nanoTime();
        int status = HttpApiEvents.invoke(handler, event);
        long took = System.nanoTime() - start;
        expect200(status);
        return took;
    }

    private static void expect200(int status) {
        if (status != 200) {
            System.out.println("RESULT error=status_" + status);
            System.exit(1);
        }
    }

    /** p50, p90, p99 and mean of timings in nanoseconds, as {@code key=value} microseconds: shared by the drivers. */
    static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "count=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f mean_us=%.1f", sorted.length,
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                Arrays.stream(sorted).average().orElse(0) / 1e3);
    }

    /** Nearest-rank percentile, in microseconds. */
    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e3;
    }

    private static String field(String status, String name) {
        return status.lines().filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).replace("kB", "").trim())
                .findFirst().orElse("?");
    }
}
