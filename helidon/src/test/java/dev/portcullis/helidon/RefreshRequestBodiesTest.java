package dev.portcullis.helidon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /auth/refresh} as scripts send it: with no body and no {@code Content-Type} (what {@code curl -X POST}
 * and {@code fetch(url, {method: 'POST', credentials: 'include'})} send) it refreshes the session; a body it cannot
 * read gets a 4xx with a short JSON body, never a server error.
 */
@HelidonTest
class RefreshRequestBodiesTest {

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.shapedAs("oidc");

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aScriptsPostWithNoBodyAndNoContentTypeRefreshesTheSession() {
        String session = OIDC.sessionCookie(TestUser.named("alice"));

        HttpResponse<String> refresh = post(null, HttpRequest.BodyPublishers.noBody(), "Cookie", session, "Accept", "application/json");

        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
        assertThat(refresh.body()).startsWith("{\"provider\":\"oidc\",\"expires_at\":\"");
        assertThat(refresh.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("portcullis="));
    }

    @Test
    void anEmptyFormRefreshesTheSessionToo() {
        String session = OIDC.sessionCookie(TestUser.named("alice"));

        HttpResponse<String> refresh = post("application/x-www-form-urlencoded", HttpRequest.BodyPublishers.noBody(),
                "Cookie", session, "Accept", "application/json");

        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "application/x-www-form-urlencoded; charset=nope | a=b                         | 400 | bad_request",
            "application/x-www-form-urlencoded               | refresh_token=a&refresh_token=b | 400 | bad_request",
            "application/x-www-form-urlencoded               | refresh_token=%zz             | 400 | bad_request",
            "application/json                                | {}                            | 415 | unsupported_media_type",
            "text/plain                                      | hello                         | 415 | unsupported_media_type",
            "multipart/form-data                             | x                             | 415 | unsupported_media_type"})
    void aBodyThatIsNotAFormOfItsFieldsGetsAClearRefusal(String contentType, String body, int status, String error) {
        HttpResponse<String> refresh = post(contentType, HttpRequest.BodyPublishers.ofString(body), "Accept", "application/json");

        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(status);
        assertThat(refresh.body()).startsWith("{\"error\":\"" + error + "\"");
    }

    @Test
    void aContentTypeThatCannotBeParsedIsABadRequest() {
        // Helidon's web server answers this one itself, before any JAX-RS application sees the request
        HttpResponse<String> refresh = post("garbage", HttpRequest.BodyPublishers.ofString("x"), "Accept", "application/json");

        assertThat(refresh.statusCode()).isEqualTo(400);
    }

    @Test
    void aFormThatIsNotUtf8IsRefused() {
        byte[] latin1 = "refresh_token=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> refresh = post("application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofByteArray(latin1),
                "Accept", "application/json");

        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(refresh.body()).isEqualTo("{\"error\":\"bad_request\",\"message\":\"The form is not UTF-8.\"}");
    }

    @Test
    void aFormLargerThanAnyRefreshTokenIsRefusedUnread() {
        String body = "refresh_token=" + "a".repeat(FormBody.MAX_BYTES);
        OIDC.provider().clearRequests();

        HttpResponse<String> refresh = post("application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofString(body),
                "Accept", "application/json");

        assertThat(refresh.statusCode()).isEqualTo(413);
        assertThat(refresh.body()).isEqualTo("{\"error\":\"too_large\",\"message\":\"The form is too large.\"}");
        assertThat(OIDC.provider().tokenRequests()).as("the provider is not asked").isEmpty();
    }

    @Test
    void anApiCallersRefreshTokenIsRefusedByDefaultWithoutAskingTheProvider() {
        OIDC.provider().clearRequests();

        HttpResponse<String> refresh = post("application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString("provider=oidc&refresh_token=a-refresh-token"), "Accept", "application/json");

        assertThat(refresh.statusCode()).isEqualTo(403);
        assertThat(refresh.body()).isEqualTo("{\"error\":\"refresh_token_not_accepted\",\"message\":\"This service does not"
                + " refresh refresh tokens that callers hold (auth.refresh.api-callers).\"}");
        assertThat(OIDC.provider().tokenRequests()).as("the provider is not asked").isEmpty();
    }

    private static HttpResponse<String> post(String contentType, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(OIDC.url("/auth/refresh").toString())).POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
