package dev.portcullis.helidon;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What adding portcullis-helidon to an application does, and what it leaves alone: an application with one resource
 * of its own ({@link ThingsResource}, discovered, no {@code Application} subclass) and one provider.
 */
@HelidonTest
class DropInContractTest {

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.shapedAs("oidc");

    static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";

    @Test
    void theApplicationsOwnResourceIsServedAndGuarded() {
        HttpResponse<String> staff = Http.get(OIDC.url("/things"),
                "Authorization", "Bearer " + OIDC.bearerToken(TestUser.named("sam").inGroups("staff")));
        HttpResponse<String> other = Http.get(OIDC.url("/things"),
                "Authorization", "Bearer " + OIDC.bearerToken(TestUser.named("olly")));
        HttpResponse<String> session = Http.get(OIDC.url("/things"), "Cookie", OIDC.sessionCookie(TestUser.named("sue").inGroups("staff")));
        HttpResponse<String> anonymous = Http.get(OIDC.url("/things"));

        assertThat(staff.statusCode()).isEqualTo(200);
        assertThat(staff.body()).isEqualTo("things for sam");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(session.body()).isEqualTo("things for sue");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/me", "/api/admin", "/assets/portcullis.css", "/login", "/callback", "/refresh", "/logout"})
    void portcullisTakesNoPathOutsideItsBasePath(String path) {
        assertThat(Http.get(OIDC.url(path), "Accept", BROWSER).statusCode()).as(path).isEqualTo(404);
    }

    @Test
    void theSignInEndpointsAndTheStylesheetAreUnderTheBasePath() {
        HttpResponse<String> login = Http.get(OIDC.url("/auth/login"), "Accept", BROWSER);
        HttpResponse<String> stylesheet = Http.get(OIDC.url("/auth/assets/portcullis.css"));
        HttpResponse<String> callback = Http.get(OIDC.url("/auth/callback?error=access_denied"), "Accept", "application/json");

        assertThat(login.statusCode()).as("one provider: straight to it").isEqualTo(302);
        assertThat(URI.create(login.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/oidc/authorize");
        assertThat(stylesheet.statusCode()).isEqualTo(200);
        assertThat(stylesheet.headers().firstValue("Content-Type")).hasValue("text/css;charset=utf-8");
        assertThat(callback.statusCode()).isEqualTo(400);
    }

    @Test
    void aBrowserSentToSignInBySomethingGuardedComesBackToIt() {
        HttpResponse<String> navigation = Http.get(OIDC.url("/things?page=2"), "Accept", BROWSER);

        assertThat(navigation.statusCode()).isEqualTo(302);
        assertThat(navigation.headers().firstValue("Location")).hasValue(OIDC.baseUrl() + "/auth/login?return_to=%2Fthings%3Fpage%3D2");
    }

    @Test
    void theJarShipsNoSettingsOfAnApplication() throws IOException, URISyntaxException {
        Path location = Path.of(PortcullisCdiExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> files;
        // the module's classes in the build, its jar when run against the installed artifact
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
            Path root = jar == null ? location : jar.getPath("/");
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).map(file -> root.relativize(file).toString().replace('\\', '/')).toList();
            }
        }

        assertThat(files).isNotEmpty()
                .doesNotContain("META-INF/microprofile-config.properties", "application.yaml", "application.properties",
                        "logging.properties", "META-INF/openapi.yaml", "META-INF/openapi.yml", "META-INF/openapi.json")
                .noneMatch(file -> file.startsWith("assets/") || file.startsWith("META-INF/resources/"));
    }
}
