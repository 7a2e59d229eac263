package dev.portcullis.testing.fuzz;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The fuzz properties of an application on the Helidon server. A test class extends this, starts the application
 * (with {@link MpApplication}) for a {@link dev.portcullis.testing.TestProvider} in a jqwik
 * {@code @BeforeContainer} method, and says where it runs:
 * <pre>{@code
 * class OrdersFuzzTest extends ServerFuzzSuite {
 *     static TestProvider provider; static MpApplication application; static FuzzTarget target;
 *
 *     @BeforeContainer
 *     static void start() {
 *         provider = TestProvider.shapedAs("cognito");
 *         application = MpApplication.start();
 *         target = FuzzTarget.of(provider, TestUser.named("alice"), "/orders/mine", List.of("/", "/orders", ...));
 *     }
 *     // @AfterContainer: close target, application, provider
 *     protected FuzzTarget target() { return target; }
 *     protected URI server() { return provider.url(""); }
 * }
 * }</pre>
 * The property: whatever the request, the answer is never a 5xx (the provider is up), never shows a stack trace or a
 * secret, a refusal is short; afterwards the real session and token still get 200 at the guarded path, and no log
 * line holds a secret. The seed is fixed, so a run sends the same requests every time.
 */
public abstract class ServerFuzzSuite {

    /** The seed of every fuzz property: each run generates the same requests. */
    public static final String SEED = "1300013";
    /** The requests one run of the server property sends (before any shrinking). */
    public static final int TRIES = 1000;
    /** At least as many as there are malformed requests, so that jqwik tries each one once. */
    public static final int MALFORMED_TRIES = 100;

    /** For subclasses. */
    protected ServerFuzzSuite() {
    }

    /** {@return the application under test} */
    protected abstract FuzzTarget target();

    /** {@return the server's {@code http://host:port}} */
    protected abstract URI server();

    /**
     * Loggers whose lines may hold a secret pending a fix elsewhere: none. (Helidon's HTTP/1 connection logs a request it
     * refuses at FINE with its whole raw query; portcullis-helidon redacts that logger since issue 13.)
     */
    public static final Set<String> LOGGERS_PENDING_FIX = Set.of();

    /**
     * Malformed requests left out of the property pending a fix: none. (Helidon's web server answered HTTP/1.0 with 505
     * and a request target that is not a path with 500, before any of Portcullis' code ran; portcullis-helidon gives the
     * server its own answers to such requests since issue 13.)
     */
    public static final Set<String> MALFORMED_REQUESTS_PENDING_FIX = Set.of();

    /**
     * {@return loggers whose lines the secret check skips: {@link #LOGGERS_PENDING_FIX}} A subclass may name others, each
     * a known leak pending its fix elsewhere, with a disabled regression test of it.
     */
    protected Set<String> loggersExemptFromTheSecretCheck() {
        return LOGGERS_PENDING_FIX;
    }

    /**
     * {@return the malformed requests (by description) not sent: {@link #MALFORMED_REQUESTS_PENDING_FIX}} A subclass
     * may name others, each pending its fix elsewhere, with a disabled regression test of it.
     */
    protected Set<String> malformedRequestsPendingFix() {
        return MALFORMED_REQUESTS_PENDING_FIX;
    }

    /** {@return the requests to send} */
    @Provide
    public Arbitrary<FuzzRequest> requests() {
        return HttpFuzz.requests(target());
    }

    /**
     * Whatever the request, a clean answer.
     *
     * @param request a generated request
     * @throws IOException when the server closed the connection without answering
     */
    @Property(seed = SEED, tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    public void everyRequestGetsACleanAnswer(@ForAll("requests") FuzzRequest request) throws IOException {
        target().sent();
        FuzzAnswer answer = RawHttp.send(server(), request);
        Statistics.label("status").collect(answer.status());
        FuzzChecks.assertClean(target(), request, answer);
    }

    /** {@return requests that are not well-formed HTTP/1.1} */
    @Provide
    public Arbitrary<HttpFuzz.MalformedRequest> malformedRequests() {
        return HttpFuzz.malformedRequests(target());
    }

    /**
     * Whatever the bytes, an answer (the server does not just close the connection), and a clean one; a refusal says
     * why in a body, even when the server refuses the request before any routing.
     *
     * @param request a malformed request
     * @throws IOException when the server closed the connection without answering
     */
    @Property(seed = SEED, tries = MALFORMED_TRIES)
    public void everyMalformedRequestGetsACleanAnswer(@ForAll("malformedRequests") HttpFuzz.MalformedRequest request) throws IOException {
        Assume.that(!malformedRequestsPendingFix().contains(request.description()));
        target().sent();
        FuzzAnswer answer = RawHttp.sendRaw(server(), request.bytes());
        FuzzChecks.assertClean(target(), request, answer);
        FuzzChecks.assertExplained(request, answer);
    }

    /**
     * After the property: the real session and the real token still get 200, and no log line holds a secret.
     *
     * @throws IOException when the server does not answer
     */
    @AfterProperty
    public void theSessionStillWorksAndNoSecretWasLogged() throws IOException {
        FuzzTarget target = target();
        for (FuzzRequest.Header credential : List.of(new FuzzRequest.Header("Cookie", target.sessionCookieHeader()),
                new FuzzRequest.Header("Authorization", "Bearer " + target.bearerToken()))) {
            FuzzRequest request = new FuzzRequest("GET", target.guardedPath(), null,
                    List.of(new FuzzRequest.Header("Accept", "application/json"), credential), null);
            FuzzAnswer answer = RawHttp.send(server(), request);
            if (answer.status() != 200) {
                throw new AssertionError("after the fuzzing, " + credential.name() + " no longer gets 200: " + answer);
            }
        }
        FuzzChecks.assertNoSecretLogged(target, loggersExemptFromTheSecretCheck());
        System.out.println("fuzz: " + target.requestsSent() + " requests sent to the server at " + server());
    }
}
