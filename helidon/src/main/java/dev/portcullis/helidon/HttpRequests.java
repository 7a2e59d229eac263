package dev.portcullis.helidon;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What this service reads from a raw request's headers, the same way in JAX-RS resources and in the
 * security provider (which sees the headers as a plain map, with names in whatever case the client sent).
 */
public final class HttpRequests {

    private HttpRequests() {
    }

    /**
     * All values of a header, found regardless of the case of its name.
     *
     * @param headers the request headers
     * @param name    the header name
     * @return its values, in order; empty when absent
     */
    public static List<String> header(Map<String, List<String>> headers, String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
                values.addAll(header.getValue());
            }
        }
        return values;
    }

    /**
     * The cookies of {@code Cookie} headers (RFC 6265 5.4). When a name repeats, the first value wins, as
     * browsers send the most specific cookie first.
     *
     * @param cookieHeaders the values of every {@code Cookie} header
     * @return cookie values by name
     */
    public static Map<String, String> cookies(List<String> cookieHeaders) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.isEmpty()) {
                    cookies.putIfAbsent(name, value);
                }
            }
        }
        return cookies;
    }

    /**
     * The cookies of a request.
     *
     * @param headers the request headers
     * @return cookie values by name, as {@link #cookies(List)}
     */
    public static Map<String, String> cookies(Map<String, List<String>> headers) {
        return cookies(header(headers, "Cookie"));
    }

    /**
     * Whether the client wants a page rather than JSON: it accepts {@code text/html}.
     *
     * @param headers the request headers
     * @return whether to answer with HTML and redirects
     */
    public static boolean wantsHtml(Map<String, List<String>> headers) {
        return header(headers, "Accept").stream().anyMatch(accept -> accept.toLowerCase(Locale.ROOT).contains("text/html"));
    }

    /**
     * Whether this is a browser navigating to a page (so a redirect to sign in is the right answer to a
     * missing session): a {@code GET} or {@code HEAD} that accepts HTML.
     *
     * @param method  the request method
     * @param headers the request headers
     * @return whether to redirect instead of answering 401
     */
    public static boolean isBrowserNavigation(String method, Map<String, List<String>> headers) {
        return ("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method)) && wantsHtml(headers);
    }

    /**
     * Whether a state-changing request may come from another origin: the browser marks it anything but
     * {@code Sec-Fetch-Site: same-origin} (or {@code none}, typed by the user), or its {@code Origin} is not this
     * service's. Same-site counts as foreign: a sibling subdomain is another application, yet {@code SameSite=Lax}
     * cookies reach us from it. Requests with neither header (non-browser clients) are not refused.
     *
     * @param headers the request headers
     * @param baseUrl the service's public base URL
     * @return whether to refuse it
     */
    public static boolean isCrossSite(Map<String, List<String>> headers, URI baseUrl) {
        for (String site : header(headers, "Sec-Fetch-Site")) {
            String value = site.trim().toLowerCase(Locale.ROOT);
            if (!value.equals("same-origin") && !value.equals("none")) {
                return true;
            }
        }
        String expected = origin(baseUrl);
        for (String origin : header(headers, "Origin")) {
            if (!origin.trim().equalsIgnoreCase(expected)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the browser says a page of this very origin sent the request: {@code Sec-Fetch-Site: same-origin}, and
     * no foreign {@code Origin}. The positive evidence a state-changing {@code GET} needs (a sign-out link), where
     * {@link #isCrossSite} lets through what carries no evidence either way. {@code none} does not count: browsers
     * send it for an address typed by the user, and for a link opened from a mail client or another application
     * alike; nor does a missing header: browsers without Fetch Metadata send none for another site's link either.
     *
     * @param headers the request headers
     * @param baseUrl the service's public base URL
     * @return whether a page of this origin sent it
     */
    public static boolean isSameOrigin(Map<String, List<String>> headers, URI baseUrl) {
        List<String> sites = header(headers, "Sec-Fetch-Site");
        return !sites.isEmpty()
                && sites.stream().allMatch(site -> site.trim().equalsIgnoreCase("same-origin"))
                && !isCrossSite(headers, baseUrl);
    }

    /**
     * Whether a method may change state, so a cookie-authenticated request with it must come from this site.
     *
     * @param method the request method
     * @return whether it is anything but {@code GET}, {@code HEAD} or {@code OPTIONS}
     */
    public static boolean isUnsafe(String method) {
        return !("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method) || "OPTIONS".equalsIgnoreCase(method));
    }

    private static String origin(URI url) {
        int port = url.getPort();
        boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(url.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(url.getScheme()) && port == 80);
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
