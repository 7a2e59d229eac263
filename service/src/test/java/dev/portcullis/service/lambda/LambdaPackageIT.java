package dev.portcullis.service.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.lambda.LambdaHandler;
import dev.portcullis.testing.ApiGatewayClient;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;
import dev.portcullis.service.testing.LambdaRuntimeEmulator;
import dev.portcullis.service.testing.SamTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code mvn package} built, checked as AWS would use it: the deployment zip's layout, the SAM template that
 * deploys it, and the zip running under AWS's own runtime interface client against a Lambda Runtime API on loopback.
 */
class LambdaPackageIT {

    static final Path ZIP = Path.of(System.getProperty("portcullis.lambda.zip", "target/portcullis-lambda.zip"));
    static final Path TEMPLATE = Path.of(System.getProperty("portcullis.template", "../conf/template.yaml"));
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theZipHasClassesAtTheRootAndDependenciesInLibAndNothingFromTests() throws IOException {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("dev/portcullis/service/ApiResource.class", "META-INF/beans.xml",
                    "META-INF/microprofile-config.properties", "logging.properties");
            List<String> jars = names.stream().filter(n -> n.startsWith("lib/") && n.endsWith(".jar")).toList();
            assertThat(jars).anyMatch(j -> j.startsWith("lib/portcullis-auth-core-"))
                    .anyMatch(j -> j.startsWith("lib/portcullis-helidon-"))
                    .anyMatch(j -> j.startsWith("lib/portcullis-lambda-"))
                    .anyMatch(j -> j.startsWith("lib/portcullis-secrets-aws-"))
                    .anyMatch(j -> j.startsWith("lib/portcullis-revocation-dynamodb-"))
                    .anyMatch(j -> j.startsWith("lib/dynamodb-"))
                    .anyMatch(j -> j.startsWith("lib/portcullis-provider-cognito-"))
                    .anyMatch(j -> j.startsWith("lib/aws-serverless-java-container-jersey-"))
                    .anyMatch(j -> j.startsWith("lib/url-connection-client-"))
                    .anyMatch(j -> j.startsWith("lib/slf4j-jdk14-"))
                    .noneMatch(j -> j.matches("lib/(portcullis-testing|mock-oauth2-server|wiremock|junit|assertj|kotlin|okhttp|mockwebserver|netty|"
                            + "aws-lambda-java-runtime-interface-client|apache-client|apache5-client|netty-nio-client|helidon-microprofile-testing|"
                            + "helidon-security-providers-oidc).*"));
            // what Lambda does not serve (/openapi, /metrics are web-server routes) is left out, the APIs the classes
            // refer to stay
            assertThat(jars)
                    .noneMatch(j -> j.matches("lib/(helidon-microprofile-openapi|helidon-openapi|smallrye-open-api-core|"
                            + "helidon-microprofile-metrics|helidon-metrics-providers-micrometer|micrometer-core|HdrHistogram)-.*"))
                    .anyMatch(j -> j.startsWith("lib/microprofile-metrics-api-"))
                    .anyMatch(j -> j.startsWith("lib/microprofile-openapi-api-"));
            assertThat(names).noneMatch(n -> n.startsWith("dev/portcullis/service/testing/"))
                    .noneMatch(n -> n.endsWith("Test.class") || n.endsWith("IT.class"));
            System.out.printf("Lambda zip: %s, %,d bytes, %d jars in lib/%n", ZIP.getFileName(), Files.size(ZIP), jars.size());
        }
    }

    @Test
    void theTemplateDeploysThisZipWithItsHandlerAndSnapStart() throws Exception {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        Map<String, Object> function = template.function();

        assertThat(function).containsEntry("Runtime", "java21").containsEntry("MemorySize", 1024)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsKey("AutoPublishAlias").containsKey("Timeout");
        assertThat(TEMPLATE.getParent().resolve((String) function.get("CodeUri")).normalize())
                .isEqualTo(ZIP.toAbsolutePath().normalize());
        String handler = (String) function.get("Handler");
        String handlerClass = handler.substring(0, handler.indexOf("::"));
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            String handlerJar = zip.stream().map(ZipEntry::getName).filter(n -> n.matches("lib/portcullis-lambda-.*\\.jar"))
                    .findFirst().orElseThrow();
            try (java.util.zip.ZipInputStream jar = new java.util.zip.ZipInputStream(zip.getInputStream(zip.getEntry(handlerJar)))) {
                boolean found = false;
                for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
                    found |= entry.getName().equals(handlerClass.replace('.', '/') + ".class");
                }
                assertThat(found).as("the handler class is in the zip's %s", handlerJar).isTrue();
            }
        }
        assertThat(handler.substring(handler.indexOf("::") + 2)).isEqualTo("handleRequest");
        assertThat(Class.forName(handlerClass)).as("the handler takes the raw event stream")
                .isAssignableTo(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class);
    }

    @Test
    void everyEnvironmentVariableOfTheTemplateIsAKnownConfigurationKey() {
        java.util.Set<String> keys = new java.util.TreeSet<>(OidcRelyingParty.knownKeys());
        keys.add(LambdaHandler.PRIME_PATHS);
        Map<String, String> known = keys.stream().collect(Collectors.toMap(LambdaPackageIT::environmentName, key -> key));
        Map<String, Object> environment = SamTemplate.read(TEMPLATE).environment();

        assertThat(environment).isNotEmpty();
        assertThat(known.keySet()).containsAll(environment.keySet());
        assertThat(environment.keySet()).contains("AUTH_PROVIDER", "AUTH_BASE_URL", "AUTH_SESSION_SECRET",
                "AUTH_COGNITO_CLIENT_SECRET", "AUTH_AUTH0_CLIENT_SECRET");
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsAreSecretsManagerReferencesAndTheRoleMayReadExactlyThose() {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        String secretReferences = template.environment().values().toString();
        Map<String, Object> statement = ((List<Map<String, Object>>) ((Map<String, Object>) ((List<Object>) template.function()
                .get("Policies")).get(0)).get("Statement")).get(0);

        assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "secretsmanager:GetSecretValue");
        String resources = statement.get("Resource").toString();
        for (String parameter : List.of("SessionSecretArn", "CognitoClientSecretArn", "Auth0ClientSecretArn", "OidcClientSecretArn")) {
            assertThat(secretReferences).contains("aws-secretsmanager:${" + parameter + "}");
            assertThat(resources).contains(parameter);
        }
        assertThat(resources).doesNotContain("*");
        assertThat(template.environment()).doesNotContainKeys("AUTH_SESSION_SECRET_VALUE");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRevocationTableExpiresItemsByTtlAndTheRoleMayGetPutAndQueryExactlyIt() {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        Map<String, Object> table = (Map<String, Object>) ((Map<String, Object>) template.root().get("Resources")).get("RevocationTable");
        Map<String, Object> statement = ((List<Map<String, Object>>) ((Map<String, Object>) ((List<Object>) template.function()
                .get("Policies")).get(0)).get("Statement")).get(1);

        assertThat(table).containsEntry("Type", "AWS::DynamoDB::Table");
        assertThat((Map<String, Object>) table.get("Properties"))
                .containsEntry("BillingMode", "PAY_PER_REQUEST")
                .containsEntry("KeySchema", List.of(Map.of("AttributeName", "k", "KeyType", "HASH")))
                .containsEntry("AttributeDefinitions", List.of(Map.of("AttributeName", "k", "AttributeType", "S")))
                .containsEntry("TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true));
        assertThat(template.environment())
                .containsEntry("AUTH_REVOCATION_STORE", "dynamodb")
                .containsEntry("AUTH_REVOCATION_DYNAMODB_TABLE", Map.of("!Ref", "RevocationTable"));
        assertThat(statement).isEqualTo(Map.of("Effect", "Allow",
                "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
                "Resource", Map.of("!GetAtt", "RevocationTable.Arn")));
    }

    @Test
    void theZipAnswersGuardedAndOpenRequestsUnderTheLambdaRuntimeInterfaceClient(@TempDir Path taskRoot) throws Exception {
        unzip(ZIP, taskRoot);
        String handler = (String) SamTemplate.read(TEMPLATE).function().get("Handler");
        try (TestProvider provider = TestProvider.builder().providers("cognito")
                .baseUrl("https://abc123defg.execute-api.eu-west-1.amazonaws.com").build();
             LambdaRuntimeEmulator runtimeApi = LambdaRuntimeEmulator.start()) {
            Map<String, String> environment = new HashMap<>();
            environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            environment.put("AWS_LAMBDA_FUNCTION_NAME", "portcullis");
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            environment.put("AWS_REGION", "eu-west-1");
            environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            // the function is configured by environment variables: AUTH_PROVIDER, AUTH_BASE_URL, AUTH_SESSION_SECRET and
            // the provider's; not the Helidon server's settings, which a function has no use for
            provider.settings().forEach((key, value) -> {
                if (key.startsWith("auth.")) {
                    environment.put(environmentName(key), value);
                }
            });
            // the store the template deploys, found in the zip; nothing here reads it (a bearer token is no session),
            // and its endpoint is a closed loopback port so that nothing could leave the machine if something did
            environment.put("AUTH_REVOCATION_STORE", "dynamodb");
            environment.put("AUTH_REVOCATION_DYNAMODB_TABLE", "portcullis-revocations");
            environment.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9");
            String token = provider.bearerToken(TestUser.named("dana").inGroups("staff"));

            Instant jvmStart = Instant.now();
            Process function = runtimeInterfaceClient(taskRoot, handler, environment);
            try {
                String guarded = runtimeApi.invoke(httpApiEvent("/api/me", Map.of("accept", "application/json",
                        "authorization", "Bearer " + token))).get(120, TimeUnit.SECONDS);
                Duration firstGuardedAnswer = Duration.between(jvmStart, Instant.now());
                String open = runtimeApi.invoke(httpApiEvent("/", Map.of("accept", "text/html"))).get(60, TimeUnit.SECONDS);
                String refused = runtimeApi.invoke(httpApiEvent("/api/me", Map.of("accept", "application/json"))).get(60, TimeUnit.SECONDS);

                JsonNode me = JSON.readTree(guarded);
                assertThat(me.path("statusCode").asInt()).as(guarded).isEqualTo(200);
                assertThat(JSON.readTree(me.path("body").asText()).path("sub").asText()).isEqualTo("dana");
                assertThat(JSON.readTree(me.path("body").asText()).path("provider").asText()).isEqualTo("cognito");
                assertThat(JSON.readTree(open).path("statusCode").asInt()).isEqualTo(200);
                assertThat(JSON.readTree(open).path("body").asText()).contains("Sign in with Amazon Cognito");
                assertThat(JSON.readTree(refused).path("statusCode").asInt()).isEqualTo(401);
                assertThat(runtimeApi.initErrors()).isEmpty();
                System.out.printf("Lambda zip under the runtime interface client: JVM start to first guarded answer %d ms%n",
                        firstGuardedAnswer.toMillis());
            } finally {
                function.destroy();
                if (!function.waitFor(10, TimeUnit.SECONDS)) {
                    function.destroyForcibly();
                }
            }
        }
    }

    /**
     * AWS's runtime interface client, as the java21 runtime runs it: the client and the Lambda Java core and
     * serialization libraries on the class path, the function's code (the unzipped deployment package, classes and
     * {@code lib/*.jar}) loaded from the working directory by the client's own class loader.
     */
    static Process runtimeInterfaceClient(Path taskRoot, String handler, Map<String, String> environment) throws Exception {
        List<String> classPath = new ArrayList<>();
        for (Class<?> type : List.of(com.amazonaws.services.lambda.runtime.api.client.AWSLambda.class,
                com.amazonaws.services.lambda.runtime.Context.class,
                com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class,
                software.amazon.awssdk.utilslite.SdkInternalThreadLocal.class)) {
            classPath.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, classPath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_") || name.startsWith("AWS_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    static String httpApiEvent(String path, Map<String, String> headers) throws IOException {
        try (InputStream in = ApiGatewayClient.class.getResourceAsStream("events/http-api-v2.json")) {
            com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(in);
            event.put("rawPath", path);
            event.with("requestContext").put("stage", "$default").with("http").put("path", path);
            com.fasterxml.jackson.databind.node.ObjectNode eventHeaders = event.with("headers");
            headers.forEach(eventHeaders::put);
            return JSON.writeValueAsString(event);
        }
    }

    static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
        }
    }

    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
