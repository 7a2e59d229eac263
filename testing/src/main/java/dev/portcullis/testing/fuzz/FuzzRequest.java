package dev.portcullis.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One generated HTTP request, as it is put on the wire (or into an API Gateway event): nothing in it is normalised.
 *
 * @param method   the method token, any case, known or not
 * @param path     the raw path, starting with {@code /}
 * @param rawQuery the raw query (without {@code ?}), or null for none
 * @param headers  the headers in order; a name may repeat
 * @param body     the body bytes, empty for none
 */
public record FuzzRequest(String method, String path, String rawQuery, List<Header> headers, byte[] body) {

    /**
     * One request header.
     *
     * @param name  the name
     * @param value the value, sent as UTF-8 bytes
     */
    public record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + abbreviate(value);
        }
    }

    /**
     * A request.
     *
     * @param method   the method token
     * @param path     the raw path
     * @param rawQuery the raw query, or null
     * @param headers  the headers
     * @param body     the body bytes, or null for none
     */
    public FuzzRequest {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** {@return the path with its query, as on a request line} */
    public String target() {
        return rawQuery == null ? path : path + "?" + rawQuery;
    }

    /**
     * The first value of a header.
     *
     * @param name the name, in any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /**
     * Every value of a header, in order.
     *
     * @param name the name, in any case
     * @return the values
     */
    public List<String> headers(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /**
     * This request with one more header.
     *
     * @param name  the name
     * @param value the value
     * @return a new request
     */
    public FuzzRequest with(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new FuzzRequest(method, path, rawQuery, more, body);
    }

    /** {@return the request as a reader reproduces it: long values abbreviated with their length} */
    @Override
    public String toString() {
        String bodyText = body.length == 0 ? "(no body)" : "body " + body.length + " bytes: " + abbreviate(printable(body));
        return method + " " + abbreviate(target()) + " " + headers.stream().map(Header::toString).collect(Collectors.joining(" | ", "[", "]"))
                + " " + bodyText;
    }

    /**
     * A long text shortened for a report: its start, and how long it was.
     *
     * @param text the text, or null
     * @return at most about 100 characters
     */
    public static String abbreviate(String text) {
        if (text == null || text.length() <= 100) {
            return text;
        }
        return text.substring(0, 60) + "…(" + text.length() + " chars)";
    }

    private static String printable(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : "\\x%02x".formatted((int) c));
        }
        return bytes.length > 200 ? out + "…" : out.toString();
    }
}
