package dev.portcullis.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Helidon server refuses before any resource sees it, over a raw socket (the JDK's client will not send a
 * {@code Content-Length} it does not mean): a body over 1 MiB, Portcullis' default {@code server.max-payload-size}, is
 * refused at once, without waiting for it; headers over 16 KiB get 431 from the service before any handler, headers over
 * 32 KiB and a request line over 4 KB are refused by Helidon as it reads them. These refusals come from Helidon's web server, before any JAX-RS application, with the
 * short JSON portcullis-helidon gives the server for them; the connection is closed.
 */
@HelidonTest
@Timeout(60)
class RequestSizeTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc").build();

    /** The server's refusal of a request over a limit, given before any routing: short JSON, nothing of the request. */
    static final String TOO_LARGE = "{\"error\":\"too_large\",\"message\":\"The request is larger than this service reads.\"}";

    @Test
    void aBodyOverOneMebibyteIsRefusedBeforeItIsSent() {
        // the headers announce 2 MiB, and nothing follows: the answer must not wait for the body
        RawAnswer answer = send("POST /api/me HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + 2 * 1024 * 1024 + "\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(answer.headers()).containsEntry("connection", "close").containsEntry("content-type", "application/json");
        assertThat(answer.body()).isEqualTo(TOO_LARGE);
    }

    @Test
    void aBodyOfOneMebibyteIsRead() {
        // the largest body the default allows reaches the resource (which has no POST: 405)
        String body = "x".repeat(1024 * 1024);
        RawAnswer answer = send("POST /api/me HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 405 Method Not Allowed");
    }

    @Test
    void headersOverSixteenKilobytesAreRefusedAsTheyAreRead() {
        RawAnswer answer = send("GET /api/me HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(17 * 1024) + "\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
        assertThat(answer.headers()).containsEntry("connection", "close").containsEntry("content-type", "application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"too_large\",\"message\":\"The request headers are larger than this service reads.\"}");
    }

    @Test
    void headersOverThirtyTwoKilobytesAreNotReadFurther() {
        RawAnswer answer = send("GET /api/me HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(33 * 1024) + "\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(answer.headers()).containsEntry("connection", "close").containsEntry("content-type", "application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"bad_request\",\"message\":\"The request could not be read.\"}");
    }

    @Test
    void aRequestLineOverFourKilobytesIsRefusedAsItIsRead() {
        RawAnswer answer = send("GET /api/me?" + "q".repeat(5 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 414 Request-URI Too Long");
        assertThat(answer.headers()).containsEntry("connection", "close").containsEntry("content-type", "application/json");
        assertThat(answer.body()).isEqualTo(TOO_LARGE);
    }

    record RawAnswer(String statusLine, Map<String, String> headers, String body) {
    }

    /** Sends the bytes, then reads one answer: its status line, headers (names in lower case) and body. */
    private static RawAnswer send(String request) {
        URI base = SERVICE.baseUrl();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server may refuse and close before it has read everything sent; its answer is still there to read
            }
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new RawAnswer(statusLine, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
