package dev.portcullis.service.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import dev.portcullis.lambda.LambdaHandler;
import dev.portcullis.lambda.SyntheticContext;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.fuzz.FuzzAnswer;
import dev.portcullis.testing.fuzz.FuzzRequest;
import dev.portcullis.testing.fuzz.LambdaEvents;
import dev.portcullis.testing.fuzz.LambdaEvents.Payload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counterexamples the Lambda fuzz suite ({@link ServiceFuzzLambdaTest}) found, shrunk, each a named test; and the
 * refusals the issue names for malformed events. Before the fix, each of the first group threw from the handler (an
 * invocation error: API Gateway answers 502) or got the container library's 500/502.
 */
class FuzzRegressionLambdaTest {

    static final String BASE_URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc").baseUrl(BASE_URL).build();

    static LambdaHandler handler;

    @BeforeAll
    static void coldStart() {
        handler = new LambdaHandler();
    }

    // ---- counterexamples of the fuzz suite ----------------------------------------------------------------------

    /** Was 502: the container library split {@code =} into nothing (ArrayIndexOutOfBoundsException). */
    @Test
    void lambdaV2EventWithAQueryParameterOfNeitherNameNorValueIsServed() throws IOException {
        FuzzAnswer answer = send(Payload.HTTP_API_V2, "GET", "/", "=", event -> { });

        assertThat(answer.status()).isEqualTo(200);
    }

    /** Was 502: the container library decoded the raw query with URLDecoder, which threw. */
    @Test
    void lambdaV2EventWithAQueryThatIsNotPercentEncodingAnswers400() throws IOException {
        FuzzAnswer answer = send(Payload.HTTP_API_V2, "GET", "/auth/callback", "state=x&code=y&a=%zz", event -> { });

        assertRefused(answer, 400);
    }

    /** Was an exception out of the handler (MismatchedInputException): Lambda's invocation error, API Gateway's 502. */
    @Test
    void lambdaEventThatIsEmptyAnswers400() throws IOException {
        assertRefused(LambdaEvents.invoke(handler, new SyntheticContext("fuzz"), new byte[0]), 400);
    }

    /** Was the container library's 500. */
    @Test
    void lambdaV1EventWithoutRequestContextAnswers400() throws IOException {
        assertRefused(send(Payload.REST_V1, "GET", "/api/me", null, event -> event.remove("requestContext")), 400);
    }

    /** Was 502: the container library read the caller's address from an identity that was not there. */
    @Test
    void lambdaV1EventWithoutCallerIdentityIsServed() throws IOException {
        FuzzAnswer answer = send(Payload.REST_V1, "GET", "/api/me", null, event -> ((ObjectNode) event.get("requestContext")).remove("identity"));

        assertThat(answer.status()).isEqualTo(401);
    }

    /** Was 502. */
    @Test
    void lambdaV2EventWithNullHeaderValuesIsServed() throws IOException {
        FuzzAnswer answer = send(Payload.HTTP_API_V2, "GET", "/api/me", null,
                event -> event.putObject("headers").putNull("cookie").putNull("authorization").put("accept", "application/json"));

        assertThat(answer.status()).isEqualTo(401);
    }

    /** Was 502. */
    @Test
    void lambdaV1EventWithNullQueryParameterValuesIsServed() throws IOException {
        FuzzAnswer answer = send(Payload.REST_V1, "GET", "/api/me", "a=1", event -> event.putObject("multiValueQueryStringParameters")
                .putNull("b").putArray("a").addNull());

        assertThat(answer.status()).isEqualTo(401);
    }

    // ---- refusals of malformed events the issue names -----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Payload.class)
    void lambdaEventWithABodyMarkedBase64ThatIsNotAnswers400(Payload payload) throws IOException {
        FuzzAnswer answer = send(payload, "POST", "/api/me", null, event -> event.put("body", "this is not base64!").put("isBase64Encoded", true));

        assertRefused(answer, 400);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void lambdaEventWithABodyOverSixMegabytesAnswers413(Payload payload) throws IOException {
        FuzzAnswer text = send(payload, "POST", "/api/me", null, event -> event.put("body", "a".repeat(LambdaEvents.SIX_MB_AND_ONE)));
        FuzzAnswer base64 = send(payload, "POST", "/api/me", null, event -> event
                .put("body", Base64.getEncoder().encodeToString(new byte[LambdaEvents.SIX_MB_AND_ONE])).put("isBase64Encoded", true));

        assertRefused(text, 413);
        assertRefused(base64, 413);
    }

    @Test
    void lambdaV2EventWithNullCookieAnswers400() throws IOException {
        FuzzAnswer answer = send(Payload.HTTP_API_V2, "GET", "/api/me", null, event -> event.putArray("cookies").addNull().add("a=b").addNull());

        assertRefused(answer, 400);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void lambdaEventWithoutMethodAnswers400(Payload payload) throws IOException {
        FuzzAnswer answer = send(payload, "GET", "/api/me", null, event -> {
            event.remove("httpMethod");
            ((ObjectNode) event.get("requestContext")).remove("http");
        });

        assertRefused(answer, 400);
    }

    private static FuzzAnswer send(Payload payload, String method, String path, String query, Consumer<ObjectNode> change) throws IOException {
        ObjectNode event = LambdaEvents.event(new FuzzRequest(method, path, query,
                List.of(new FuzzRequest.Header("Accept", "application/json")), null), payload);
        change.accept(event);
        return LambdaEvents.invoke(handler, new SyntheticContext("fuzz"), JSON.writeValueAsBytes(event));
    }

    private static void assertRefused(FuzzAnswer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.body()).hasSizeLessThan(200).contains("\"error\"").doesNotContain("Exception");
        assertThat(answer.body().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }
}
