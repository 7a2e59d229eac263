package dev.portcullis.testing.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP/1.1 client that sends a {@link FuzzRequest} byte for byte over a socket: any method token, any header, a
 * request line with a raw query (the JDK's client refuses some of these). It adds {@code Host},
 * {@code Connection: close} and, for a body or a method that has one, {@code Content-Length}; header values go out as
 * UTF-8.
 */
public final class RawHttp {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final int TIMEOUT_MILLIS = 30_000;

    private RawHttp() {
    }

    /**
     * Sends one request on a new connection and reads the answer.
     *
     * @param server  the server's {@code http://host:port}
     * @param request the request
     * @return the answer
     * @throws IOException when the server closed the connection without an answer, or did not answer in 30 seconds
     */
    public static FuzzAnswer send(URI server, FuzzRequest request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, request.method() + " " + request.target() + " HTTP/1.1\r\n");
            if (request.header("Host").isEmpty()) {
                write(head, "Host: " + server.getHost() + ":" + server.getPort() + "\r\n");
            }
            for (FuzzRequest.Header header : request.headers()) {
                write(head, header.name() + ": " + header.value() + "\r\n");
            }
            if (request.body().length > 0 || WITH_BODY.contains(request.method())) {
                write(head, "Content-Length: " + request.body().length + "\r\n");
            }
            write(head, "Connection: close\r\n\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                out.write(request.body());
                out.flush();
            } catch (IOException e) {
                // the server may answer (413, 400) and close before it read a large body: read what it said
            }
            return read(in, request.method().equalsIgnoreCase("HEAD"));
        }
    }

    /**
     * Sends bytes as they are on a new connection, half-closes it, and reads the answer.
     *
     * @param server the server's {@code http://host:port}
     * @param bytes  a request, well-formed or not
     * @return the answer
     * @throws IOException when the server closed the connection without an answer, or did not answer in 30 seconds
     */
    public static FuzzAnswer sendRaw(URI server, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before it read everything: read what it said
            }
            return read(in, new String(bytes, 0, Math.min(bytes.length, 5), StandardCharsets.ISO_8859_1).startsWith("HEAD "));
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static FuzzAnswer read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the server closed the connection without an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + FuzzRequest.abbreviate(statusLine));
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (head || status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new FuzzAnswer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                return body.toByteArray();
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(n));
            line(in);
        }
    }

    /** A line without its CRLF, as ISO-8859-1; null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
