package dev.portcullis.benchmarks;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak of issue 13: many simulated browsers against a running service (the reference service on a Helidon server,
 * signed in at the embedded provider), each going round sign-in, guarded API calls, a refresh, more API calls,
 * sign-out, and a last API call that must be refused. It reports the requests the service served, every answer that
 * was not the one expected (the goal is none), the service's latency percentiles, and the service process's resident
 * memory and thread count sampled from {@code /proc} at the start and the end (the goal is flat).
 * <p>
 * Usage: {@code Soak <service base URL> <service pid> <seconds> <browsers> <result file>}. The service's
 * {@code AUTH_HTTP_MAX_*} bounds must allow the load: the soak measures the service, not its bound on provider calls.
 */
public final class Soak {

    private static final List<String> PROVIDERS = List.of("oidc", "auth0", "cognito");
    /** Each browser waits this long between its requests, as a person's browser does (roughly). */
    private static final Duration THINK = Duration.ofMillis(20);

    private final URI base;
    private final long deadlineNanos;
    private final LongAdder served = new LongAdder();
    private final LongAdder providerRequests = new LongAdder();
    private final LongAdder rounds = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final List<long[]> latencies = new ArrayList<>();

    private Soak(URI base, Duration length) {
        this.base = base;
        this.deadlineNanos = System.nanoTime() + length.toNanos();
    }

    /**
     * Runs the soak and writes its figures, one {@code key=value} per line.
     *
     * @param args base URL, service pid, seconds, browsers, result file
     * @throws Exception when the soak cannot run at all
     */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        long pid = Long.parseLong(args[1]);
        Duration length = Duration.ofSeconds(Long.parseLong(args[2]));
        int browsers = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);

        Soak soak = new Soak(base, length);
        Map<String, String> figures = Collections.synchronizedMap(new TreeMap<>());
        Sample start = Sample.of(pid);
        figures.put("start_rss_kb", Long.toString(start.rssKb()));
        figures.put("start_threads", Integer.toString(start.threads()));
        AtomicLong maxRss = new AtomicLong(start.rssKb());
        AtomicLong maxThreads = new AtomicLong(start.threads());
        // the "warm" sample: once the first fifth of the run (at most a minute) has passed, when the heap has grown to
        // the load and every pool has its threads; flat from there is the goal
        long warmAt = System.nanoTime() + Math.min(length.toNanos() / 5, Duration.ofMinutes(1).toNanos());
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            boolean warmTaken = false;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                    Sample now = Sample.of(pid);
                    maxRss.accumulateAndGet(now.rssKb(), Math::max);
                    maxThreads.accumulateAndGet(now.threads(), Math::max);
                    if (!warmTaken && System.nanoTime() >= warmAt) {
                        warmTaken = true;
                        figures.put("warm_rss_kb", Long.toString(now.rssKb()));
                        figures.put("warm_threads", Integer.toString(now.threads()));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // the service is gone: the browsers will say so
                }
            }
        });
        long began = System.nanoTime();
        soak.run(browsers);
        double seconds = (System.nanoTime() - began) / 1e9;
        sampler.interrupt();
        Sample end = Sample.of(pid);

        long[] all = soak.latencies.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
        figures.put("end_rss_kb", Long.toString(end.rssKb()));
        figures.put("end_threads", Integer.toString(end.threads()));
        figures.put("max_rss_kb", Long.toString(maxRss.get()));
        figures.put("max_threads", Long.toString(maxThreads.get()));
        figures.put("browsers", Integer.toString(browsers));
        figures.put("seconds", String.format("%.0f", seconds));
        figures.put("rounds", Long.toString(soak.rounds.sum()));
        figures.put("served", Long.toString(soak.served.sum()));
        figures.put("provider_requests", Long.toString(soak.providerRequests.sum()));
        figures.put("per_second", String.format("%.0f", soak.served.sum() / seconds));
        figures.put("errors", Long.toString(soak.errors.values().stream().mapToLong(LongAdder::sum).sum()));
        figures.put("error_kinds", soak.errors.isEmpty() ? "none" : soak.errors.entrySet().stream()
                .map(e -> e.getKey().replace(' ', '_') + ":" + e.getValue().sum()).sorted().reduce((a, b) -> a + "," + b).orElse(""));
        figures.put("p50_ms", millis(percentile(all, 0.50)));
        figures.put("p99_ms", millis(percentile(all, 0.99)));
        figures.put("p999_ms", millis(percentile(all, 0.999)));
        figures.put("max_ms", millis(all.length == 0 ? 0 : all[all.length - 1]));
        StringBuilder text = new StringBuilder();
        figures.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(out, text);
        System.out.print(text);
    }

    private void run(int browsers) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(browsers);
        for (int i = 0; i < browsers; i++) {
            long[] mine = new long[4_000_000 / browsers];
            synchronized (latencies) {
                latencies.add(mine);
            }
            int id = i;
            Thread.ofPlatform().name("browser-" + i).start(() -> {
                try {
                    new Browser(id, mine).goRound();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    /** One simulated browser: its own cookies, its own connection, round after round until the deadline. */
    private final class Browser {

        private final int id;
        private final long[] latencies;
        private int recorded;
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();

        Browser(int id, long[] latencies) {
            this.id = id;
            this.latencies = latencies;
        }

        void goRound() {
            int round = 0;
            while (System.nanoTime() < deadlineNanos) {
                String provider = PROVIDERS.get((id + round++) % PROVIDERS.size());
                try {
                    oneRound(provider, "user-" + id + "-" + round);
                    rounds.increment();
                } catch (Unexpected e) {
                    errors.computeIfAbsent(e.getMessage(), k -> new LongAdder()).increment();
                } catch (IOException | RuntimeException e) {
                    errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void oneRound(String provider, String user) throws IOException, InterruptedException {
            HttpResponse<String> login = service("login", get("/auth/login?provider=" + provider, "text/html"), 302);
            URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
            provider(HttpRequest.newBuilder(authorize).GET(), 200);
            HttpResponse<String> toCallback = provider(HttpRequest.newBuilder(authorize)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                            + "&claims=%7B%7D")), 302);
            URI callback = URI.create(toCallback.headers().firstValue("Location").orElseThrow());
            service("callback", HttpRequest.newBuilder(callback).header("Accept", "text/html").GET(), 302);
            for (int i = 0; i < 5; i++) {
                service("api", get("/api/me", "application/json"), 200);
            }
            service("refresh", HttpRequest.newBuilder(base.resolve("/auth/refresh")).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()), 200);
            service("api after refresh", get("/api/me", "application/json"), 200);
            service("logout", HttpRequest.newBuilder(base.resolve("/auth/logout")).header("Accept", "text/html")
                    .header("Origin", origin()).POST(HttpRequest.BodyPublishers.noBody()), 303);
            service("api after logout", get("/api/me", "application/json"), 401);
        }

        private HttpRequest.Builder get(String path, String accept) {
            return HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept).GET();
        }

        private String origin() {
            return base.getScheme() + "://" + base.getAuthority();
        }

        private HttpResponse<String> service(String step, HttpRequest.Builder request, int expected)
                throws IOException, InterruptedException {
            Thread.sleep(THINK);
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            served.increment();
            if (recorded < latencies.length) {
                latencies[recorded++] = took;
            }
            if (response.statusCode() != expected) {
                throw new Unexpected(step + " " + response.statusCode());
            }
            return response;
        }

        private HttpResponse<String> provider(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            providerRequests.increment();
            if (response.statusCode() != expected) {
                throw new Unexpected("provider " + response.statusCode());
            }
            return response;
        }
    }

    /** An answer that was not the one expected: counted by step and status. */
    private static final class Unexpected extends RuntimeException {
        Unexpected(String what) {
            super(what, null, false, false);
        }
    }

    /** The service process's resident memory and threads, from {@code /proc/<pid>/status}. */
    private record Sample(long rssKb, int threads) {
        static Sample of(long pid) throws IOException {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return new Sample(rss, threads);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String millis(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
