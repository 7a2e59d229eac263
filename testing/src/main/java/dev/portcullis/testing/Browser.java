package dev.portcullis.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal browser for HTTP-level tests: a cookie jar fed by {@code Set-Cookie}, redirects followed only when
 * asked (so every hop can be asserted), and {@code Accept: text/html} like a real navigation.
 */
public final class Browser {

    /** What Chromium sends on a navigation. */
    static final String NAVIGATION_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** A browser with no cookies. */
    public Browser() {
    }

    /**
     * Navigates to a page.
     *
     * @param uri where
     * @return the response
     */
    public HttpResponse<String> get(URI uri) {
        return send(request(uri).header("Accept", NAVIGATION_ACCEPT).GET());
    }

    /**
     * Calls an API with this browser's cookies.
     *
     * @param uri where
     * @return the response
     */
    public HttpResponse<String> getJson(URI uri) {
        return send(request(uri).header("Accept", "application/json").GET());
    }

    /**
     * Submits a form, as a page of the given origin would.
     *
     * @param uri    the form's action
     * @param form   its fields
     * @param origin the {@code Origin} header, or null for none
     * @return the response
     */
    public HttpResponse<String> submit(URI uri, Map<String, String> form, String origin) {
        HttpRequest.Builder request = request(uri)
                .header("Accept", NAVIGATION_ACCEPT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    /**
     * Posts an empty form asking for JSON, as a script of the given origin would ({@code fetch} from a page).
     *
     * @param uri    where to post
     * @param origin the {@code Origin} header
     * @return the response
     */
    public HttpResponse<String> postAsScript(URI uri, String origin) {
        return send(request(uri)
                .header("Accept", "application/json")
                .header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")));
    }

    /**
     * Follows a redirect with a GET.
     *
     * @param redirect a 3xx response
     * @return the next response
     */
    public HttpResponse<String> follow(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in HTTP " + redirect.statusCode() + ": " + redirect.body()));
        return get(redirect.uri().resolve(location));
    }

    /** {@return the cookies this browser holds, by name} */
    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    /**
     * Plants or replaces a cookie.
     *
     * @param name  name
     * @param value value
     */
    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** Forgets every cookie. */
    public void clearCookies() {
        cookies.clear();
    }

    /**
     * Sends a request with this browser's cookies and remembers the cookies of the response.
     *
     * @param request the request, without a Cookie header
     * @return the response
     */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            receive(response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the cookies of an answer, as a browser does when it arrives: for answers to requests sent elsewhere
     * (concurrently, in an order the test chooses).
     *
     * @param response the answer
     */
    public void receive(HttpResponse<?> response) {
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            store(setCookie);
        }
    }

    /**
     * A request builder for a URI, with a timeout.
     *
     * @param uri the URI
     * @return the builder
     */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    }

    /**
     * URL-encodes form fields.
     *
     * @param form the fields
     * @return the body
     */
    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        boolean delete = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
            if (attribute.equals("max-age=0") || attribute.startsWith("max-age=-")) {
                delete = true;
            }
        }
        if (delete) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }
}
