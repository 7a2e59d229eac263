package dev.portcullis.testing;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;

/** JSON answers of the embedded provider's own routes, and JSON read from the mock's. */
final class MockAnswers {

    private MockAnswers() {
    }

    /**
     * A {@code 200} JSON answer.
     *
     * @param body the JSON
     * @return the answer
     */
    static OAuth2HttpResponse json(String body) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body, null);
    }

    /**
     * A JSON object the mock answered, to change.
     *
     * @param json the body
     * @return its members, in a map that may be changed
     */
    static Map<String, Object> parse(String json) {
        try {
            return new LinkedHashMap<>(JSONObjectUtils.parse(json));
        } catch (ParseException e) {
            throw new IllegalStateException("the mock answered something that is not JSON", e);
        }
    }
}
