package dev.portcullis.testing.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to a {@link FuzzRequest}, from the server or the Lambda handler.
 *
 * @param status  the status code
 * @param headers the headers, names in lower case
 * @param body    the body as text (UTF-8), empty for none
 */
public record FuzzAnswer(int status, Map<String, List<String>> headers, String body) {

    /**
     * The first value of a header.
     *
     * @param name the name, in any case
     * @return the value, or null
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + FuzzRequest.abbreviate(body);
    }
}
