package dev.portcullis.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A DynamoDB API on loopback for tests, with the real AWS SDK client: <a href="https://github.com/architect/dynalite">
 * dynalite</a> (Apache-2.0, in memory) run by {@code node} in a process of its own, on 127.0.0.1 and a free port, with a
 * revocation table (partition key {@code k}, a string) already created. Close it to stop the process.
 * <p>
 * dynalite comes from {@code tools/dynalite} of the Portcullis repository, installed by {@code npm ci} there
 * ({@code .ci/run} does it); it is found by walking up from the working directory, so any module's tests find it.
 * Elsewhere, the system property {@code portcullis.dynalite.dir} names a directory whose {@code node_modules} holds
 * dynalite. {@code node} (20 or newer) is taken from {@code PATH}.
 * <p>
 * dynalite knows neither {@code UpdateTimeToLive} nor expiry, so the table's time-to-live is not enabled here and items
 * never expire: tests check the {@code ttl} attribute a store writes, and the deployed table's TTL
 * ({@code conf/template.yaml}) does the rest. The SDK classes this uses ({@code software.amazon.awssdk:dynamodb} and
 * {@code url-connection-client}) are optional dependencies of this module: a test using it has them already.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** The table {@link #start()} creates. */
    public static final String DEFAULT_TABLE = "portcullis-revocations";

    /** The test region; dynalite accepts any. */
    public static final Region REGION = Region.US_EAST_1;

    /** Where dynalite is installed, relative to the repository's root. */
    static final String TOOL_DIR = "tools/dynalite";

    private static final String DIR_PROPERTY = "portcullis.dynalite.dir";
    /** The first start on a busy two-core machine may take seconds; this only bounds a start that went wrong. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("dynalite listening on port (\\d+)");

    /**
     * Starts dynalite through its API rather than its {@code cli.js}: the CLI cannot take port 0, and this way the port is
     * the one actually bound, with no race for a port chosen beforehand. Tables are active at once (no CREATING state),
     * and the process ends when its standard input does, so it does not outlive a JVM that died without closing it.
     */
    private static final String SCRIPT = """
            const dynalite = require(process.argv[1]);
            const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
            server.listen(0, '127.0.0.1', () => console.log('dynalite listening on port ' + server.address().port));
            process.stdin.on('end', () => process.exit(0));
            process.stdin.resume();
            """;

    private final Process process;
    private final URI endpoint;
    private final String table;
    private final DynamoDbClient client;

    private LocalDynamoDb(Process process, URI endpoint, String table, DynamoDbClient client) {
        this.process = process;
        this.endpoint = endpoint;
        this.table = table;
        this.client = client;
    }

    /**
     * Starts dynalite and creates {@link #DEFAULT_TABLE}.
     *
     * @return the running store
     * @throws IllegalStateException when node or dynalite is missing (saying how to install it) or dynalite did not start
     */
    public static LocalDynamoDb start() {
        return start(DEFAULT_TABLE);
    }

    /**
     * Starts dynalite and creates a revocation table.
     *
     * @param table the table's name
     * @return the running store
     * @throws IllegalStateException when node or dynalite is missing (saying how to install it) or dynalite did not start
     */
    public static LocalDynamoDb start(String table) {
        Path dynalite = dynaliteModule();
        Process process;
        try {
            process = new ProcessBuilder(node(), "-e", SCRIPT, dynalite.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("LocalDynamoDb: node could not be started (" + e.getMessage()
                    + "); install Node.js 20 or newer", e);
        }
        try {
            int port = awaitPort(process);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            DynamoDbClient client = DynamoDbClient.builder()
                    .endpointOverride(endpoint)
                    .region(REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIATESTACCESSKEY", AwsTestEnvironment.SECRET_ACCESS_KEY)))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            LocalDynamoDb store = new LocalDynamoDb(process, endpoint, table, client);
            store.createTable(table);
            return store;
        } catch (RuntimeException | Error e) {
            stop(process);
            throw e;
        }
    }

    /** {@return the endpoint URL, for {@code AWS_ENDPOINT_URL_DYNAMODB} or a client's {@code endpointOverride}} */
    public URI endpoint() {
        return endpoint;
    }

    /** {@return the name of the table this store was started with} */
    public String table() {
        return table;
    }

    /** {@return a client of this store (test region and credentials), for a test's own reads and writes of raw items} */
    public DynamoDbClient client() {
        return client;
    }

    /**
     * Creates another revocation table in this store: partition key {@code k}, a string; pay per request.
     *
     * @param name the table's name
     */
    public void createTable(String name) {
        client.createTable(request -> request.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("k").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("k").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        // created with createTableMs 0, the table turns ACTIVE on dynalite's next tick; wait for it all the same
        for (int attempt = 0; attempt < 500; attempt++) {
            if (client.describeTable(request -> request.tableName(name)).table().tableStatus() == TableStatus.ACTIVE) {
                return;
            }
            sleep(10);
        }
        throw new IllegalStateException("LocalDynamoDb: table " + name + " did not become ACTIVE");
    }

    /** Stops dynalite: the endpoint refuses connections from then on. Its tables are gone (they were in memory). */
    @Override
    public void close() {
        client.close();
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();  // the script exits when its standard input ends
        } catch (IOException e) {
            // already closed: destroy() below ends it
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the process' output until dynalite says which port it listens on; keeps reading after, so it never blocks. */
    private static int awaitPort(Process process) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.matches()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    } else if (!port.isDone()) {
                        synchronized (output) {
                            output.add(line);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended; the future below says so
            }
            synchronized (output) {
                port.completeExceptionally(new IllegalStateException("LocalDynamoDb: dynalite exited before listening: "
                        + String.join("\n", output)));
            }
        }, "local-dynamodb-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("LocalDynamoDb: dynalite did not listen within " + START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("LocalDynamoDb: interrupted while dynalite started", e);
        }
    }

    /** The directory of the dynalite package: from {@code portcullis.dynalite.dir}, else the repository's tools/dynalite. */
    static Path dynaliteModule() {
        Path installDir = Optional.ofNullable(System.getProperty(DIR_PROPERTY)).map(Path::of)
                .orElseGet(() -> toolDir(Path.of(System.getProperty("user.dir"))));
        Path module = installDir.resolve("node_modules").resolve("dynalite").toAbsolutePath().normalize();
        if (!Files.isRegularFile(module.resolve("index.js"))) {
            throw new IllegalStateException("LocalDynamoDb: dynalite is not installed in " + installDir.toAbsolutePath().normalize()
                    + ": run `npm ci` there (for example `npm ci --prefix " + installDir.toAbsolutePath().normalize()
                    + "`), as .ci/run does");
        }
        return module;
    }

    /** Walks up from {@code from} to the directory that holds tools/dynalite/package.json: any module's tests find it. */
    static Path toolDir(Path from) {
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(TOOL_DIR);
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("LocalDynamoDb: found no " + TOOL_DIR + "/package.json in " + from.toAbsolutePath().normalize()
                + " or above it; run the tests inside the Portcullis repository (after `npm ci` in " + TOOL_DIR
                + "), or set -D" + DIR_PROPERTY + " to a directory whose node_modules holds dynalite");
    }

    /** node from PATH, looked up here so that a missing one fails with a message rather than a bare IOException. */
    private static String node() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("LocalDynamoDb: node is not on the PATH; install Node.js 20 or newer, then run "
                + "`npm ci` in " + TOOL_DIR + " (.ci/run does both)");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("LocalDynamoDb: interrupted while waiting for a table", e);
        }
    }
}
