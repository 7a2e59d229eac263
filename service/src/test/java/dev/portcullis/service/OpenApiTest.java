package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /openapi}: the sign-in endpoints and the guarded API, with the bearer security scheme
 * on the API and only there.
 */
@HelidonTest
class OpenApiTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc").build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Test
    void describesTheSignInEndpointsAndTheApiAndNothingElse() {
        JsonObject paths = document().getJsonObject("paths");

        assertThat(paths.keySet()).containsExactlyInAnyOrder(
                "/auth/login", "/auth/callback", "/auth/refresh", "/auth/logout", "/api/me", "/api/admin");
        assertThat(paths.getJsonObject("/auth/login").keySet()).containsExactly("get");
        assertThat(paths.getJsonObject("/auth/callback").keySet()).containsExactly("get");
        assertThat(paths.getJsonObject("/auth/refresh").keySet()).containsExactly("post");
        assertThat(paths.getJsonObject("/auth/logout").keySet()).containsExactlyInAnyOrder("get", "post");
        assertThat(paths.getJsonObject("/api/me").keySet()).containsExactly("get");
        assertThat(paths.getJsonObject("/api/admin").keySet()).containsExactly("get");
    }

    @Test
    void theBearerSchemeIsAJwtOverHttpAuthorization() {
        JsonObject bearer = document().getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");

        assertThat(bearer.getString("type")).isEqualTo("http");
        assertThat(bearer.getString("scheme")).isEqualTo("bearer");
        assertThat(bearer.getString("bearerFormat")).isEqualTo("JWT");
    }

    @Test
    void theApiRequiresTheBearerSchemeAndTheSignInEndpointsDoNot() {
        JsonObject paths = document().getJsonObject("paths");
        var bearerOnly = Json.createArrayBuilder().add(Json.createObjectBuilder().add("bearer", Json.createArrayBuilder())).build();

        assertThat(operation(paths, "/api/me", "get").getJsonArray("security")).isEqualTo(bearerOnly);
        assertThat(operation(paths, "/api/admin", "get").getJsonArray("security")).isEqualTo(bearerOnly);
        for (String[] signIn : new String[][] {{"/auth/login", "get"}, {"/auth/callback", "get"}, {"/auth/refresh", "post"},
                {"/auth/logout", "get"}, {"/auth/logout", "post"}}) {
            assertThat(operation(paths, signIn[0], signIn[1]).containsKey("security")).as("%s %s", signIn[1], signIn[0]).isFalse();
        }
    }

    @Test
    void theApiAnswersAreDescribedWithTheCallerSchema() {
        JsonObject document = document();
        JsonObject paths = document.getJsonObject("paths");
        JsonObject me = operation(paths, "/api/me", "get").getJsonObject("responses");
        JsonObject admin = operation(paths, "/api/admin", "get").getJsonObject("responses");

        assertThat(me.keySet()).containsExactlyInAnyOrder("200", "401", "503");
        assertThat(admin.keySet()).containsExactlyInAnyOrder("200", "401", "403", "503");
        assertThat(me.getJsonObject("200").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema").getString("$ref")).isEqualTo("#/components/schemas/Caller");
        JsonObject caller = document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Caller");
        assertThat(caller.getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("sub", "name", "email", "provider", "groups", "expires_at", "source", "admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentIsYamlByDefaultAndSaysTheSameAsTheJson() {
        HttpResponse<String> response = new Browser().send(Browser.request(SERVICE.url("/openapi")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(response.body());
        JsonObject json = document();

        assertThat((String) yaml.get("openapi")).startsWith("3.");
        assertThat(((Map<String, Object>) yaml.get("paths")).keySet()).isEqualTo(json.getJsonObject("paths").keySet());
        Map<String, Object> components = (Map<String, Object>) yaml.get("components");
        assertThat((Map<String, Object>) ((Map<String, Object>) components.get("securitySchemes")).get("bearer"))
                .containsEntry("type", "http").containsEntry("scheme", "bearer").containsEntry("bearerFormat", "JWT");
    }

    private static JsonObject document() {
        HttpResponse<String> response = new Browser().send(Browser.request(SERVICE.url("/openapi"))
                .header("Accept", "application/json").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private static JsonObject operation(JsonObject paths, String path, String method) {
        return paths.getJsonObject(path).getJsonObject(method);
    }
}
