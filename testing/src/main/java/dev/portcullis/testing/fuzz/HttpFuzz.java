package dev.portcullis.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The generators of the fuzz suites: each dimension of a request as the issue lists it, the benign value first (jqwik
 * shrinks towards it), and their combination into {@link FuzzRequest}s for the paths of a {@link FuzzTarget}.
 * <p>
 * Values that must never reach a log line or an answer body (authorization codes, refresh tokens) carry
 * {@link #SECRET_MARK}.
 */
public final class HttpFuzz {

    /** In every authorization code and refresh token the generators send: none may be logged or echoed. */
    public static final String SECRET_MARK = "fz-secret-";

    /** 8 KB of one letter. */
    static final String EIGHT_KB = "x".repeat(8 * 1024);

    private HttpFuzz() {
    }

    /** {@return the methods: those of HTTP, one in lower case, and tokens no server knows} */
    public static Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "get", "M-SEARCH",
                "PROPFIND");
    }

    /**
     * The paths: the target's own, mostly, and each with a trailing slash, a path parameter, an encoded dot segment,
     * a NUL, a doubled slash, or a segment more.
     *
     * @param paths the application's paths
     * @return the paths
     */
    public static Arbitrary<String> paths(List<String> paths) {
        Arbitrary<String> own = Arbitraries.of(paths);
        Arbitrary<String> odd = Combinators.combine(own, Arbitraries.of("/", ";jsessionid=x", "/%2e%2e/api/me", "%00", "/x",
                "/../auth/login", "%2F", "/%ff")).as((path, suffix) -> path.equals("/") ? suffix.startsWith("/") ? suffix : "/" + suffix : path + suffix);
        return Arbitraries.frequencyOf(Tuple.of(4, own), Tuple.of(1, odd), Tuple.of(1, Arbitraries.of("//api/me", "/nope", "/auth",
                "/auth/assets/../../api/me", "/auth/assets/%2e%2e%2fportcullis.css", "/AUTH/LOGIN", "/auth//login")));
    }

    /** {@return the queries: none, ordinary, repeated, empty, with {@code %00}, badly percent-encoded, 8 KB values} */
    public static Arbitrary<String> queries() {
        Arbitrary<String> fragment = Arbitraries.of(
                "return_to=/api/me", "provider=oidc", "a=1&a=2", "code=" + SECRET_MARK + "code-1&state=s1",
                "state=a&state=b&code=" + SECRET_MARK + "code-2&code=" + SECRET_MARK + "code-3", "error=access_denied&state=x",
                "return_to=https://evil.example/", "return_to=//evil.example", "provider=nope", "provider=",
                "=", "&&", "a=", "a", "a=%00", "return_to=%00", "%00", "provider=%00oidc",
                "a=%zz", "%", "return_to=%E0%A4", "provider=%zz", "state=%", "code=%C0%AF",
                "a=" + EIGHT_KB, "return_to=/" + EIGHT_KB, "code=" + SECRET_MARK + EIGHT_KB, EIGHT_KB);
        Arbitrary<String> some = fragment.list().ofMinSize(1).ofMaxSize(3).map(list -> String.join("&", list));
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(null)), Tuple.of(3, some), Tuple.of(1, Arbitraries.just("")));
    }

    /** {@return the content types: none, form, form with a bad charset, JSON, multipart without boundary, garbage} */
    public static Arbitrary<String> contentTypes() {
        return Arbitraries.of(null, "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=klingon",
                "application/x-www-form-urlencoded; charset=UTF-16", "application/x-www-form-urlencoded;charset=", "application/json",
                "application/json; charset=utf-8", "multipart/form-data", "multipart/form-data; boundary=", "text/plain",
                "application/", ";;", "*/*", "garbage", "\u0001/\u0002", "application/x-www-form-urlencoded, application/json");
    }

    /** {@return the bodies: empty, truncated JSON, bad percent-encoding, invalid UTF-8, oversized, and a few plausible ones} */
    public static Arbitrary<byte[]> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new byte[0])),
                Tuple.of(4, Arbitraries.of(
                        "{\"a\":", "{", "[", "null", "{\"refresh_token\":\"" + SECRET_MARK + "refresh-json\"}",
                        "refresh_token=%zz&x=%", "refresh_token=%", "%E0%A4%A", "a=1&a=2&refresh_token=" + SECRET_MARK + "r1&refresh_token=" + SECRET_MARK + "r2",
                        "refresh_token=" + SECRET_MARK + "refresh-form", "code=" + SECRET_MARK + "body-code&state=x", "=&=&",
                        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n", "\u0000",
                        "refresh_token=" + SECRET_MARK + "x".repeat(20 * 1024)).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, Arbitraries.of(
                        new byte[] {(byte) 0xC3, 0x28}, new byte[] {'a', '=', (byte) 0xFF, (byte) 0xFE},
                        new byte[] {'r', 'e', 'f', 'r', 'e', 's', 'h', '_', 't', 'o', 'k', 'e', 'n', '=', (byte) 0xE0, (byte) 0x80},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                Tuple.of(1, Arbitraries.of(64 * 1024, 1024 * 1024 + 1).map(size -> ("a=" + "b".repeat(size)).getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * The {@code Authorization} headers (none, one or two): the target's real bearer token, tampered, truncated, in
     * the wrong case, other schemes, garbage, 8 KB.
     *
     * @param bearerToken a real access token
     * @return lists of header values
     */
    public static Arbitrary<List<String>> authorizations(String bearerToken) {
        Arbitrary<String> one = Arbitraries.of("Bearer " + bearerToken, "Bearer", "Bearer ", "Bearer garbage", "Basic Zm9vOmJhcg==",
                "bearer " + bearerToken, "Bearer " + bearerToken.substring(0, bearerToken.length() - 3),
                "Bearer " + bearerToken + "x", "Bearer a.b.c", "Bearer " + "A".repeat(8 * 1024),
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.", "Negotiate x", "Bearer \u00e9t\u00e9", "Bearer  " + bearerToken);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.of())), Tuple.of(4, one.map(List::of)),
                Tuple.of(1, one.list().ofSize(2)));
    }

    /**
     * The {@code Cookie} headers (none, one or two): none, garbage, the session's chunks truncated, duplicated or
     * reordered, and the real session.
     *
     * @param session the real session's cookies, by name, in order (one, or a few chunks)
     * @return lists of header values
     */
    public static Arbitrary<List<String>> cookies(Map<String, String> session) {
        String real = session.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
        Map.Entry<String, String> first = session.entrySet().iterator().next();
        String name = first.getKey();
        String value = first.getValue();
        List<String> values = new ArrayList<>(List.of(
                real, "\u0001\u0002=;;;", "=", ";;", "a", name + "=", name + "=%%%", name + "=garbage", name + "=" + "A".repeat(5000),
                name + "=" + value.substring(0, value.length() / 2), name + "=" + value.substring(1),
                real + "; " + real, name + "=garbage; " + real, real + "; " + name + "=garbage", "$Version=1; " + real,
                name + "=\"" + value + "\"", "portcullis-login=garbage", "__Host-portcullis-login=garbage; " + real,
                name + ".1=" + value, name + ".9=x; " + real, name + ".1=" + value.substring(0, 10) + "; " + real));
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.of())), Tuple.of(5, Arbitraries.of(values).map(List::of)),
                Tuple.of(1, Arbitraries.of(values).list().ofSize(2)));
    }

    /** {@return cross-site headers (none to two): foreign origins, fetch metadata, forwarded hosts and schemes} */
    public static Arbitrary<List<FuzzRequest.Header>> crossSiteHeaders() {
        Arbitrary<FuzzRequest.Header> one = Arbitraries.of(
                new FuzzRequest.Header("Origin", "https://evil.example"), new FuzzRequest.Header("Origin", "null"),
                new FuzzRequest.Header("Sec-Fetch-Site", "cross-site"), new FuzzRequest.Header("Sec-Fetch-Mode", "navigate"),
                new FuzzRequest.Header("Sec-Fetch-Dest", "document"), new FuzzRequest.Header("Referer", "https://evil.example/"),
                new FuzzRequest.Header("X-Forwarded-Host", "evil.example"), new FuzzRequest.Header("X-Forwarded-Proto", "gopher"),
                new FuzzRequest.Header("Forwarded", "host=evil.example;proto=https"), new FuzzRequest.Header("X-Requested-With", "XMLHttpRequest"),
                new FuzzRequest.Header("Access-Control-Request-Method", "DELETE"));
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.of())), Tuple.of(2, one.list().ofMinSize(1).ofMaxSize(2)));
    }

    /** {@return the {@code Accept} values: none, a browser's, an API client's, garbage} */
    public static Arbitrary<String> accepts() {
        return Arbitraries.of(null, "text/html,application/xhtml+xml,*/*;q=0.8", "application/json", "*/*", "text/plain",
                "garbage;;q=x", "text/html;q=2", "application/json;q=0, text/html;q=0");
    }

    /**
     * A request that is not well-formed HTTP/1.1, as bytes, and what is wrong with it.
     *
     * @param description what is wrong, for the report
     * @param bytes       the request
     */
    public record MalformedRequest(String description, byte[] bytes) {
        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * Requests that are not well-formed HTTP/1.1: broken request lines and headers, oversized and too many headers,
     * contradictory framing. A finite list, each complete (nothing the server would wait for): jqwik tries every one
     * when the property's tries are at least its size.
     *
     * @param target the application, whose real session some of them carry
     * @return the requests
     */
    public static Arbitrary<MalformedRequest> malformedRequests(FuzzTarget target) {
        String cookie = "Cookie: " + target.sessionCookieHeader() + "\r\n";
        String host = "Host: 127.0.0.1\r\n";
        List<MalformedRequest> requests = new ArrayList<>();
        java.util.function.BiConsumer<String, String> add = (description, raw) ->
                requests.add(new MalformedRequest(description, raw.getBytes(StandardCharsets.UTF_8)));
        add.accept("a header line without a colon", "GET /api/me HTTP/1.1\r\n" + host + "BadHeader\r\n\r\n");
        add.accept("a header name with a space", "GET /api/me HTTP/1.1\r\n" + host + "Bad Name: x\r\n\r\n");
        add.accept("an obsolete folded header", "GET /api/me HTTP/1.1\r\n" + host + "Accept: text/html\r\n  folded\r\n\r\n");
        add.accept("a NUL in a header value", "GET /api/me HTTP/1.1\r\n" + host + "Accept: a\u0000b\r\n\r\n");
        add.accept("a cookie header of 64 KB", "GET /api/me HTTP/1.1\r\n" + host + "Cookie: a=" + "b".repeat(64 * 1024) + "\r\n\r\n");
        add.accept("300 headers", "GET /api/me HTTP/1.1\r\n" + host + "X-A: b\r\n".repeat(300) + "\r\n");
        add.accept("a request line of 64 KB", "GET /api/me?a=" + "b".repeat(64 * 1024) + " HTTP/1.1\r\n" + host + "\r\n");
        add.accept("HTTP/9.9", "GET /api/me HTTP/9.9\r\n" + host + "\r\n");
        add.accept("HTTP/1.0 without Host", "GET /api/me HTTP/1.0\r\n\r\n");
        add.accept("HTTP/1.1 without Host", "GET /api/me HTTP/1.1\r\n\r\n");
        add.accept("two Host headers", "GET /api/me HTTP/1.1\r\n" + host + "Host: evil.example\r\n\r\n");
        add.accept("a Host of garbage", "GET /api/me HTTP/1.1\r\nHost: a b@c:x\r\n\r\n");
        add.accept("two spaces in the request line", "GET  /api/me HTTP/1.1\r\n" + host + "\r\n");
        add.accept("a space in the path", "GET /api m/e HTTP/1.1\r\n" + host + "\r\n");
        add.accept("a request line without version", "GET /api/me\r\n" + host + "\r\n");
        add.accept("a request line of a method alone", "GET\r\n\r\n");
        add.accept("an absolute-form target", "GET http://evil.example/api/me HTTP/1.1\r\n" + host + cookie + "\r\n");
        add.accept("an asterisk target", "GET * HTTP/1.1\r\n" + host + "\r\n");
        add.accept("OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + host + "\r\n");
        add.accept("a target without a leading slash", "GET api/me HTTP/1.1\r\n" + host + "\r\n");
        add.accept("bare LF line ends", "GET /api/me HTTP/1.1\n" + host.replace("\r", "") + "\n");
        add.accept("empty lines before the request line", "\r\n\r\nGET /api/me HTTP/1.1\r\n" + host + "\r\n");
        add.accept("a Content-Length of -1", "POST /auth/refresh HTTP/1.1\r\n" + host + cookie + "Content-Length: -1\r\n\r\n");
        add.accept("a Content-Length that is not a number", "POST /auth/refresh HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n");
        add.accept("two different Content-Lengths", "POST /auth/refresh HTTP/1.1\r\n" + host + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab");
        add.accept("a Content-Length of 2^63", "POST /auth/refresh HTTP/1.1\r\n" + host + "Content-Length: 9223372036854775808\r\n\r\n");
        add.accept("chunked with a chunk size that is not hex", "POST /auth/refresh HTTP/1.1\r\n" + host + cookie
                + "Transfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nab\r\n0\r\n\r\n");
        add.accept("chunked and a Content-Length", "POST /auth/refresh HTTP/1.1\r\n" + host + cookie
                + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n");
        add.accept("a Transfer-Encoding of gzip", "POST /auth/refresh HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n");
        add.accept("a chunked form body", "POST /auth/logout HTTP/1.1\r\n" + host + cookie
                + "Transfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n3\r\na=b\r\n0\r\n\r\n");
        add.accept("a chunked body of 2 MB", "POST /auth/refresh HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n200000\r\n" + "a".repeat(0x200000) + "\r\n0\r\n\r\n");
        add.accept("an Expect: 100-continue", "POST /auth/refresh HTTP/1.1\r\n" + host + "Expect: 100-continue\r\nContent-Length: 0\r\n\r\n");
        add.accept("an upgrade to h2c", "GET /api/me HTTP/1.1\r\n" + host + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        add.accept("an upgrade to websocket", "GET /auth/login HTTP/1.1\r\n" + host + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x\r\n\r\n");
        requests.add(new MalformedRequest("invalid UTF-8 in the request line", new byte[] {'G', 'E', 'T', ' ', '/', (byte) 0xff, (byte) 0xfe,
                ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r', '\n'}));
        java.io.ByteArrayOutputStream badValue = new java.io.ByteArrayOutputStream();
        badValue.writeBytes(("GET /api/me HTTP/1.1\r\n" + host + "Cookie: a=").getBytes(StandardCharsets.US_ASCII));
        badValue.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, '\r', '\n', '\r', '\n'});
        requests.add(new MalformedRequest("invalid UTF-8 in a header value", badValue.toByteArray()));
        return Arbitraries.of(requests);
    }

    /**
     * Requests to the paths of a target, combining every dimension above.
     *
     * @param target the application under test
     * @return the requests
     */
    public static Arbitrary<FuzzRequest> requests(FuzzTarget target) {
        Arbitrary<Tuple.Tuple3<String, String, String>> line = Combinators.combine(methods(), paths(target.paths()), queries()).as(Tuple::of);
        Arbitrary<Tuple.Tuple2<String, byte[]>> entity = Combinators.combine(contentTypes(), bodies()).as(Tuple::of);
        return Combinators.combine(line, entity, authorizations(target.bearerToken()), cookies(target.sessionCookies()),
                crossSiteHeaders(), accepts()).as((l, e, authorizations, cookies, crossSite, accept) -> {
                    List<FuzzRequest.Header> headers = new ArrayList<>();
                    if (accept != null) {
                        headers.add(new FuzzRequest.Header("Accept", accept));
                    }
                    if (e.get1() != null) {
                        headers.add(new FuzzRequest.Header("Content-Type", e.get1()));
                    }
                    authorizations.forEach(a -> headers.add(new FuzzRequest.Header("Authorization", a)));
                    cookies.forEach(c -> headers.add(new FuzzRequest.Header("Cookie", c)));
                    headers.addAll(crossSite);
                    return new FuzzRequest(l.get1(), l.get2(), l.get3(), headers, e.get2());
                });
    }
}
