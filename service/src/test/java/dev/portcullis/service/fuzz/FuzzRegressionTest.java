package dev.portcullis.service.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.portcullis.testing.LogCapture;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.fuzz.FuzzAnswer;
import dev.portcullis.testing.fuzz.FuzzChecks;
import dev.portcullis.testing.fuzz.FuzzRequest;
import dev.portcullis.testing.fuzz.RawHttp;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counterexamples the server fuzz suite ({@link ServiceFuzzTest}) found, shrunk, each a named test, and the
 * answers Helidon's web server gives before any routing (HTTP/1.0, a target that is not a path, a request over a
 * limit), which portcullis-helidon replaces with its short JSON.
 */
@HelidonTest
class FuzzRegressionTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc").build();

    /** The counterexample, shrunk: a callback whose query ends in a lone {@code %}, with an authorization code. */
    static final FuzzRequest REFUSED_QUERY = new FuzzRequest("GET", "/auth/callback",
            "state=a&state=b&code=fz-secret-code-2&code=fz-secret-code-3&%", List.of(), null);

    @Test
    void aQueryThatIsNotPercentEncodingGets400() throws IOException {
        FuzzAnswer answer = RawHttp.send(SERVICE.url(""), REFUSED_QUERY);

        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void aRefusedQueryKeepsItsCodeOutOfTheLog() throws IOException {
        try (LogCapture logs = LogCapture.start()) {
            RawHttp.send(SERVICE.url(""), REFUSED_QUERY);

            assertThat(logs.lines()).as("the capture works").isNotEmpty();
            assertThat(logs.lines()).noneMatch(line -> line.contains("fz-secret-code"));
        }
    }

    @Test
    void anHttp10RequestIsAskedToUpgrade() throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), "GET /api/me HTTP/1.0\r\nAccept: application/json\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(426);
        assertThat(answer.header("Upgrade")).isEqualTo("HTTP/1.1");
        assertThat(answer.body()).isEqualTo("{\"error\":\"http_version_not_supported\",\"message\":\"Send the request with HTTP/1.1.\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET * HTTP/1.1", "OPTIONS * HTTP/1.1", "GET api/me HTTP/1.1"})
    void aRequestTargetThatIsNotAPathAnswers400(String requestLine) throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), (requestLine + "\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertShortRefusal(answer, 400);
        assertThat(answer.body()).contains("\"error\":\"invalid_request_target\"");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithJsonBeforeItIsSent() throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), ("POST /auth/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertShortRefusal(answer, 413);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.body()).contains("\"error\":\"too_large\"");
    }

    @Test
    void aRequestLineOverTheLimitAnswers414WithJson() throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), ("GET /api/me?a=" + "b".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

        assertShortRefusal(answer, 414);
        assertThat(answer.body()).contains("\"error\":\"too_large\"");
    }

    @Test
    void headersOverSixteenKilobytesAnswer431WithJson() throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), ("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: a=" + "b".repeat(20 * 1024)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertShortRefusal(answer, 431);
        assertThat(answer.body()).isEqualTo("{\"error\":\"too_large\",\"message\":\"The request headers are larger than this service reads.\"}");
    }

    @Test
    void headersOverTheServersHardLimitAnswer400WithJson() throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), ("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: a=" + "b".repeat(64 * 1024)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        // over 32 KiB Helidon stops reading, and tells an oversized header section from a malformed one by neither status
        // nor message: both are 400
        assertShortRefusal(answer, 400);
        assertThat(answer.body()).isEqualTo("{\"error\":\"bad_request\",\"message\":\"The request could not be read.\"}");
    }

    @Test
    void aRefreshWithANegativeContentLengthAnswers400() throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), ("POST /auth/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: -1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertShortRefusal(answer, 400);
    }

    @Test
    void aRefreshWithAChunkSizeThatIsNotHexAnswers400() throws IOException {
        FuzzAnswer answer = RawHttp.sendRaw(SERVICE.url(""), ("POST /auth/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nab\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

        assertShortRefusal(answer, 400);
    }

    private static void assertShortRefusal(FuzzAnswer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.body()).hasSizeLessThan(FuzzChecks.MAX_REFUSAL_BODY).doesNotContain("UriInfo").doesNotContain("127.0.0.1");
    }
}
