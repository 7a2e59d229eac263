package dev.portcullis.service;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request no endpoint can serve (a method it does not have, a media type it cannot read or write, a header that does
 * not parse) is refused with the status that says so and the service's short JSON error, at Portcullis' endpoints and
 * at the application's own alike; never a 500, an empty body or a stack trace.
 */
@HelidonTest
class RequestRefusalsTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc").build();

    static Stream<Arguments> refusals() {
        return Stream.of(
                // method, path, Content-Type, Accept, status, error
                Arguments.of("FOO", "/auth/login", null, null, 405, "method_not_allowed"),
                Arguments.of("PROPFIND", "/auth/logout", null, null, 405, "method_not_allowed"),
                Arguments.of("FOO", "/api/me", null, null, 405, "method_not_allowed"),
                Arguments.of("PROPFIND", "/", null, null, 405, "method_not_allowed"),
                Arguments.of("DELETE", "/api/admin", null, null, 405, "method_not_allowed"),
                Arguments.of("POST", "/auth/refresh", ";;;", null, 400, "bad_request"),
                Arguments.of("POST", "/auth/logout", "text/", null, 400, "bad_request"),
                Arguments.of("POST", "/auth/refresh", "application/json", null, 415, "unsupported_media_type"),
                Arguments.of("GET", "/auth/login", null, ";;;", 400, "bad_request"),
                Arguments.of("GET", "/auth/callback", null, "text/", 400, "bad_request"),
                Arguments.of("GET", "/api/me", null, ";;;", 400, "bad_request"),
                Arguments.of("GET", "/", null, "text/", 400, "bad_request"),
                Arguments.of("GET", "/api/me", null, "application/xml", 406, "not_acceptable"),
                Arguments.of("GET", "/api/me", null, "%%%", 406, "not_acceptable"));
    }

    @ParameterizedTest(name = "{0} {1} Content-Type: {2}, Accept: {3} -> {4}")
    @MethodSource("refusals")
    void isRefusedWithItsStatusAndAShortJsonError(String method, String path, String contentType, String accept, int status,
                                                  String error) {
        HttpRequest.Builder request = Browser.request(SERVICE.url(path))
                .header("Authorization", "Bearer " + SERVICE.bearerToken(TestUser.named("alice").inGroups("admin")));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        boolean body = method.equals("POST");
        request.method(method, body ? HttpRequest.BodyPublishers.ofString("a=b") : HttpRequest.BodyPublishers.noBody());

        HttpResponse<String> answer = new Browser().send(request);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(answer).getString("error")).isEqualTo(error);
        assertThat(answer.body()).hasSizeLessThan(200).doesNotContain("Exception");
        if (status == 405) {
            assertThat(answer.headers().firstValue("Allow")).isPresent();
        }
    }
}
