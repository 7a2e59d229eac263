package dev.portcullis.service.lambda;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.service.testing.LambdaRuntimeEmulator;
import dev.portcullis.service.testing.SamTemplate;
import dev.portcullis.testing.AwsTestEnvironment;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.LocalDynamoDb;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static dev.portcullis.service.lambda.LambdaPackageIT.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions that end everywhere (issue 16): two processes of the reference service and the Lambda function (its zip under
 * the runtime interface client) share one DynamoDB table (dynalite on loopback, the real SDK client). A session signed in
 * on one instance, its cookie copied, logged out on the other: the copy is refused on both, and through the Lambda
 * handler. {@code auth.revocation.max-staleness=PT0S}, so every look-up reads the table; the staleness bound itself is
 * tested with a clock in auth-core's {@code RevocationsTest}.
 */
@Timeout(300)
class SessionsEndEverywhereIT {

    static final Path JAR = Path.of(System.getProperty("portcullis.service.jar", "target/portcullis-service.jar"));
    static final String FUNCTION_URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The server processes started, stopped when the test ends. */
    static final List<Process> SERVERS = new CopyOnWriteArrayList<>();

    @Test
    void aCookieCopiedBeforeLogoutOnOneInstanceIsRefusedOnEveryInstanceAndOnLambda(@TempDir Path taskRoot) throws Exception {
        LambdaPackageIT.unzip(LambdaPackageIT.ZIP, taskRoot);
        String handler = (String) SamTemplate.read(LambdaPackageIT.TEMPLATE).function().get("Handler");
        try (LocalDynamoDb table = LocalDynamoDb.start();
             TestProvider provider = TestProvider.builder().providers("oidc").build();
             LambdaRuntimeEmulator runtimeApi = LambdaRuntimeEmulator.start()) {
            Map<String, String> shared = new HashMap<>(AwsTestEnvironment.environment(table));
            provider.settings().forEach((key, value) -> shared.put(LambdaPackageIT.environmentName(key), value));
            shared.put("AUTH_REVOCATION_STORE", "dynamodb");
            shared.put("AUTH_REVOCATION_DYNAMODB_TABLE", table.table());
            shared.put("AUTH_REVOCATION_MAX_STALENESS", "PT0S");
            URI first = startServer(shared);
            URI second = startServer(shared);
            Map<String, String> lambda = new HashMap<>(shared);
            lambda.putAll(Map.of("AWS_LAMBDA_RUNTIME_API", runtimeApi.address(), "AWS_LAMBDA_FUNCTION_NAME", "portcullis",
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024", "LAMBDA_TASK_ROOT", taskRoot.toString(), "AUTH_BASE_URL", FUNCTION_URL));
            Process function = LambdaPackageIT.runtimeInterfaceClient(taskRoot, handler, lambda);
            try {
                Browser signedIn = new Browser();
                assertThat(SignIn.complete(signedIn, first.resolve("/auth/login"), "erin", "{}").statusCode()).isEqualTo(302);
                String sealed = signedIn.cookies().get("portcullis");
                Browser copy = new Browser();
                copy.setCookie("portcullis", sealed);
                assertThat(me(signedIn, first)).isEqualTo(200);
                assertThat(me(copy, second)).isEqualTo(200);
                assertThat(lambdaMe(runtimeApi, sealed)).isEqualTo(200);

                HttpResponse<String> logout = signedIn.submit(second.resolve("/auth/logout"), Map.of(), second.toString());

                assertThat(logout.statusCode()).isEqualTo(303);
                assertThat(me(copy, first)).as("the copy on the instance it was signed in on").isEqualTo(401);
                Browser another = new Browser();
                another.setCookie("portcullis", sealed);
                assertThat(me(another, second)).as("the copy on the instance that logged out").isEqualTo(401);
                assertThat(lambdaMe(runtimeApi, sealed)).as("the copy through the Lambda handler").isEqualTo(401);
            } finally {
                stop(function);
            }
        } finally {
            SERVERS.forEach(SessionsEndEverywhereIT::stop);
        }
    }

    private static int me(Browser browser, URI instance) {
        return browser.getJson(instance.resolve("/api/me")).statusCode();
    }

    private static int lambdaMe(LambdaRuntimeEmulator runtimeApi, String sealed) throws Exception {
        String answer = runtimeApi.invoke(LambdaPackageIT.httpApiEvent("/api/me", Map.of("accept", "application/json",
                "cookie", "__Host-portcullis=" + sealed))).get(120, TimeUnit.SECONDS);
        JsonNode parsed = JSON.readTree(answer);
        return parsed.path("statusCode").asInt();
    }

    /** One instance of the reference service, as deployed: {@code java -jar}, configured by environment variables. */
    private static URI startServer(Map<String, String> shared) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_") || name.startsWith("AWS_"));
        builder.environment().putAll(shared);
        builder.environment().put("AUTH_BASE_URL", base.toString());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        Process server = builder.start();
        SERVERS.add(server);
        awaitReady(base, server);
        return base;
    }

    private static void awaitReady(URI base, Process server) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new AssertionError("the service stopped at start-up: exit " + server.exitValue());
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service at " + base + " was not ready in 120 s");
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
