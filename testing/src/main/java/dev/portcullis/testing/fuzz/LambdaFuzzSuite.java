package dev.portcullis.testing.fuzz;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The fuzz properties of an application served by the Lambda handler, through API Gateway events of both payload
 * formats. A test class extends this, boots the handler for a {@link dev.portcullis.testing.TestProvider} whose base
 * URL is the API's stage ({@code https://...execute-api.../prod}) in a jqwik {@code @BeforeContainer} method, and
 * gives the handler, a Lambda context and the {@link FuzzTarget}. It runs in a JVM of its own, as every test of the
 * handler does.
 * <p>
 * The properties: whatever the request, and whatever the event (malformed ones included), the handler neither throws
 * (Lambda would report an invocation error, API Gateway a 502) nor answers a 5xx, a stack trace or a secret;
 * afterwards the real session and token still get 200, and no log line holds a secret.
 */
public abstract class LambdaFuzzSuite {

    /** The requests one run of the request property sends, each as an event of a generated payload format. */
    public static final int TRIES = 1000;
    /** At least as many as there are malformed events, so that jqwik tries each one once. */
    public static final int MALFORMED_TRIES = 1000;

    /** For subclasses. */
    protected LambdaFuzzSuite() {
    }

    /** {@return the application under test} */
    protected abstract FuzzTarget target();

    /** {@return the Lambda handler} */
    protected abstract RequestStreamHandler handler();

    /** {@return the Lambda context of every invocation} */
    protected abstract Context context();

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

    /** {@return the malformed events} */
    @Provide
    public Arbitrary<LambdaEvents.MalformedEvent> malformedEvents() {
        return LambdaEvents.malformedEvents();
    }

    /**
     * Whatever the request, in either payload format, a clean answer.
     *
     * @param request a generated request
     * @param payload the payload format of its event
     * @throws IOException when the handler throws it
     */
    @Property(seed = ServerFuzzSuite.SEED, tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    public void everyRequestGetsACleanAnswer(@ForAll("requests") FuzzRequest request, @ForAll LambdaEvents.Payload payload) throws IOException {
        target().sent();
        FuzzAnswer answer = LambdaEvents.invoke(handler(), context(), request, payload);
        Statistics.label("status").collect(answer.status());
        FuzzChecks.assertClean(target(), payload + " " + request, answer);
    }

    /**
     * Whatever the event, a clean answer: the handler does not throw.
     *
     * @param event a malformed event
     * @throws IOException when the handler throws it
     */
    @Property(seed = ServerFuzzSuite.SEED, tries = MALFORMED_TRIES)
    public void everyMalformedEventGetsACleanAnswer(@ForAll("malformedEvents") LambdaEvents.MalformedEvent event) throws IOException {
        target().sent();
        FuzzChecks.assertClean(target(), event, LambdaEvents.invoke(handler(), context(), event.json()));
    }

    /**
     * After each property: the real session and the real token still get 200 in both payload formats, and no log line
     * holds a secret.
     *
     * @throws IOException when the handler throws it
     */
    @AfterProperty
    public void theSessionStillWorksAndNoSecretWasLogged() throws IOException {
        FuzzTarget target = target();
        for (LambdaEvents.Payload payload : LambdaEvents.Payload.values()) {
            for (FuzzRequest.Header credential : List.of(new FuzzRequest.Header("Cookie", target.sessionCookieHeader()),
                    new FuzzRequest.Header("Authorization", "Bearer " + target.bearerToken()))) {
                FuzzRequest request = new FuzzRequest("GET", target.guardedPath(), null,
                        List.of(new FuzzRequest.Header("Accept", "application/json"), credential), null);
                FuzzAnswer answer = LambdaEvents.invoke(handler(), context(), request, payload);
                if (answer.status() != 200) {
                    throw new AssertionError("after the fuzzing, " + credential.name() + " in a " + payload + " event no longer gets 200: " + answer);
                }
            }
        }
        FuzzChecks.assertNoSecretLogged(target, loggersExemptFromTheSecretCheck());
        System.out.println("fuzz: " + target.requestsSent() + " events sent to the Lambda handler");
    }
}
