package dev.portcullis.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events the container library would fail on are refused (or mended) before it sees them; the Lambda fuzz suites
 * of the service and of examples/orders found them.
 */
class ApiGatewayEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ApiGatewayEvents EVENTS = new ApiGatewayEvents(100);
    static final String V2 = "{\"version\":\"2.0\",\"rawPath\":\"/api/me\",\"rawQueryString\":\"%s\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}%s}";
    static final String V1 = "{\"httpMethod\":\"POST\",\"path\":\"/api/me\",\"requestContext\":{}%s}";

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage{", "null", "[]", "42", "{}", "{\"httpMethod\":\"GET\",\"path\":\"/\"}",
            "{\"httpMethod\":\"\",\"path\":\"/\",\"requestContext\":{}}", "{\"httpMethod\":\"GET\",\"path\":\"api\",\"requestContext\":{}}"})
    void whatIsNotAnApiGatewayEventIs400(String event) throws IOException {
        assertThat(read(event)).isEqualTo(new ApiGatewayEvents.Refused(400, refusalOf(event)));
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsDecoded() throws IOException {
        assertThat(status(V1.formatted(",\"body\":\"" + "a".repeat(101) + "\""))).isEqualTo(413);
        assertThat(status(V1.formatted(",\"body\":\"" + "é".repeat(51) + "\""))).isEqualTo(413);
        assertThat(status(V1.formatted(",\"body\":\"" + "A".repeat(136) + "\",\"isBase64Encoded\":true"))).isEqualTo(413);
        assertThat(read(V1.formatted(",\"body\":\"" + "a".repeat(100) + "\""))).isInstanceOf(ApiGatewayEvents.RestEvent.class);
    }

    @Test
    void aBodyMarkedBase64ThatIsNotIs400() throws IOException {
        assertThat(status(V1.formatted(",\"body\":\"not base64!\",\"isBase64Encoded\":true"))).isEqualTo(400);
        assertThat(read(V1.formatted(",\"body\":\"YWI=\",\"isBase64Encoded\":true"))).isInstanceOf(ApiGatewayEvents.RestEvent.class);
    }

    @Test
    void cookiesThatAreNotStringsAre400() throws IOException {
        assertThat(status(V2.formatted("", ",\"cookies\":[null,\"a=b\"]"))).isEqualTo(400);
        assertThat(status(V2.formatted("", ",\"cookies\":\"a=b\""))).isEqualTo(400);
    }

    @Test
    void aQueryThatIsNotPercentEncodingIs400AndAnEmptyParameterIsDropped() throws IOException {
        assertThat(status(V2.formatted("a=%zz", ""))).isEqualTo(400);
        assertThat(status(V2.formatted("%", ""))).isEqualTo(400);
        ApiGatewayEvents.HttpApiEvent event = (ApiGatewayEvents.HttpApiEvent) read(V2.formatted("=&a=1&==&b=", ""));
        assertThat(event.request().getRawQueryString()).isEqualTo("a=1&b=");
    }

    @Test
    void nullHeadersAndParametersAreAsAbsentAndAMissingIdentityIsEmpty() throws IOException {
        ApiGatewayEvents.RestEvent event = (ApiGatewayEvents.RestEvent) read(V1.formatted(
                ",\"headers\":{\"Cookie\":null,\"Accept\":\"text/html\"},\"multiValueHeaders\":{\"Cookie\":[null],\"Accept\":[null,\"text/html\"]},"
                        + "\"multiValueQueryStringParameters\":{\"a\":null,\"b\":[null,\"1\"]}"));

        assertThat(event.request().getHeaders()).containsOnlyKeys("Accept");
        assertThat(event.request().getMultiValueHeaders().get("Accept")).containsExactly("text/html");
        assertThat(event.request().getMultiValueHeaders().get("Cookie")).isNull();
        assertThat(event.request().getMultiValueQueryStringParameters().get("b")).containsExactly("1");
        assertThat(event.request().getRequestContext().getIdentity()).isNotNull();
    }

    @Test
    void aRefusalIsAShortJsonBothPayloadFormatsRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EVENTS.writeRefusal(new ApiGatewayEvents.Refused(413, "The request body is larger than 100 bytes."), out);
        JsonNode answer = JSON.readTree(out.toByteArray());

        assertThat(answer.path("statusCode").asInt()).isEqualTo(413);
        assertThat(answer.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
        assertThat(JSON.readTree(answer.path("body").asText()).path("error").asText()).isEqualTo("too_large");
        assertThat(answer.path("isBase64Encoded").asBoolean(true)).isFalse();
    }

    private static String refusalOf(String event) {
        if (event.isEmpty() || event.equals("garbage{")) {
            return "The event is not JSON.";
        }
        if (!event.startsWith("{")) {
            return "The event is not a JSON object.";
        }
        return event.contains("requestContext") || event.equals("{}") || !event.contains("/") ? "The event has no method or no path."
                : "The event has no request context.";
    }

    private static int status(String event) throws IOException {
        return ((ApiGatewayEvents.Refused) read(event)).status();
    }

    private static ApiGatewayEvents.Event read(String event) throws IOException {
        return EVENTS.read(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
    }
}
