package dev.portcullis.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;

/**
 * Sends the OAuth SDK's requests, and fetches the JOSE library's JWK sets, with the JDK's HTTP client: one client per
 * relying party, a timeout on every call, no redirects followed, and a cap on how much of a response is read.
 */
final class JdkHttpSender implements HTTPRequestSender, ResourceRetriever {

    /** Discovery documents and token responses are a few KB; this bounds a hostile or broken peer. */
    static final int MAX_RESPONSE_BYTES = 512 * 1024;

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration timeout;

    JdkHttpSender(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public HTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
        URI uri;
        try {
            uri = request.getURI();
        } catch (RuntimeException e) {
            throw new IOException("bad request URI", e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            if (header.getKey() == null || RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        String body = request.getBody();
        String method = request.getMethod().name();
        builder.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            HTTPResponse result = new HTTPResponse(response.statusCode());
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty() && !name.startsWith(":")) {
                    result.setHeader(name, values.toArray(new String[0]));
                }
            });
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (bytes.length > MAX_RESPONSE_BYTES) {
                    throw new IOException("response from " + uri.getHost() + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                result.setBody(new String(bytes, StandardCharsets.UTF_8));
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Sends a request to a provider's endpoint. Not getting an answer is the provider's failure, not the caller's: it
     * becomes a {@link ProviderUnavailableException} that names the provider and the endpoint, never the request's
     * URL or body (which may carry a code or a secret).
     *
     * @param provider the provider, for the exception
     * @param endpoint what is asked, for the exception: {@code discovery}, {@code token endpoint}
     */
    HTTPResponse sendTo(String provider, String endpoint, HTTPRequest request) {
        try {
            return request.send(this);
        } catch (HttpTimeoutException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_TIMEOUT, provider, endpoint + " did not answer in time", null);
        } catch (ConnectException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, provider, endpoint + " refused the connection", null);
        } catch (IOException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, provider, endpoint + " failed: " + e.getClass().getSimpleName(), null);
        }
    }

    @Override
    public Resource retrieveResource(java.net.URL url) throws IOException {
        HTTPResponse response = send(new HTTPRequest(HTTPRequest.Method.GET, url));
        if (!response.indicatesSuccess()) {
            throw new IOException("HTTP " + response.getStatusCode() + " from " + url.getHost());
        }
        return new Resource(response.getBody(), response.getEntityContentType() == null ? null : response.getEntityContentType().toString());
    }
}
