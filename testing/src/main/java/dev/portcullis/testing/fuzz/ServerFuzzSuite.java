package dev.portcullis.testing.fuzz;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
    public static final int TRIES = 400;

    /** For subclasses. */
    protected ServerFuzzSuite() {
    }

    /** {@return the application under test} */
    protected abstract FuzzTarget target();

    /** {@return the server's {@code http://host:port}} */
    protected abstract URI server();

    /**
     * {@return loggers whose lines the secret check skips: none, unless a subclass names a known leak (with a disabled
     * regression test of it) that is pending a fix elsewhere}
     */
    protected Set<String> loggersExemptFromTheSecretCheck() {
        return Set.of();
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
        FuzzChecks.assertClean(target(), request, RawHttp.send(server(), request));
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
