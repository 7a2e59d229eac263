package dev.portcullis.revocation.dynamodb;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.portcullis.auth.spi.RevocationStore;
import dev.portcullis.auth.spi.RevocationStoreUnavailableException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Revocations in one DynamoDB table, shared by every instance of the service. An item per key:
 * <ul>
 *     <li>{@code k} (S), the partition key and the table's only key: the revocation key as Portcullis names it, or
 *     {@code sha256:} and the base64url SHA-256 of it when it is longer than DynamoDB's 2,048 bytes;</li>
 *     <li>{@code revokedAt} (N): when the key was revoked, in epoch milliseconds, rounded up so that a session that began
 *     before the revocation is still before it (absent on a {@link #recordOnce} item);</li>
 *     <li>{@code ttl} (N): the record's {@code expiresAt} in epoch seconds (rounded down, so never later), the attribute
 *     of the table's time-to-live.</li>
 * </ul>
 * Calls are {@code GetItem} and {@code PutItem} only. Each is bounded by the client's timeouts ({@link #API_CALL_TIMEOUT}
 * in all, {@link #ATTEMPT_TIMEOUT} per attempt, {@link #MAX_ATTEMPTS} attempts), and any failure of the SDK becomes a
 * {@link RevocationStoreUnavailableException} naming the table and the failure, never a key.
 */
final class DynamoDbRevocationStore implements RevocationStore {

    private static final System.Logger LOG = System.getLogger(DynamoDbRevocationStore.class.getName());

    /** A whole call, retries included: a guard look-up must not hold a request longer than this. */
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(2);
    /** One attempt; DynamoDB answers in milliseconds, so an attempt this slow is better retried once. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    /** The first attempt and one retry (the SDK's default for DynamoDB is ten, too many for a request in flight). */
    static final int MAX_ATTEMPTS = 2;
    /** As {@link RevocationStore#revocations} promises. */
    static final int MAX_KEYS = 10;
    /** DynamoDB's limit on a partition key. */
    static final int MAX_KEY_BYTES = 2048;
    /** Read by {@link #reachable()}; no revocation key has this form. */
    static final String PROBE_KEY = "portcullis:reachable";

    static final String KEY = "k";
    static final String REVOKED_AT = "revokedAt";
    static final String TTL = "ttl";

    private final String table;
    private final Supplier<DynamoDbClient> clientFactory;
    private final Object lock = new Object();
    private volatile DynamoDbClient client;
    private volatile boolean closed;

    /**
     * A store of one table; its client is built at the first call, so that making the store contacts nothing (not even
     * the instance metadata a region might be looked up in).
     *
     * @param table         the table's name or ARN
     * @param clientFactory makes the client, once
     */
    DynamoDbRevocationStore(String table, Supplier<DynamoDbClient> clientFactory) {
        this.table = Objects.requireNonNull(table, "table");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    }

    /**
     * The client's builder with this store's transport, timeouts and retries; region, credentials and endpoint are the
     * SDK's defaults (among them {@code AWS_REGION}, the default credentials chain and {@code AWS_ENDPOINT_URL_DYNAMODB}).
     *
     * @return the builder
     */
    static DynamoDbClientBuilder clientBuilder() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(ATTEMPT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT)
                        .build())
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()));
    }

    /** {@return the table's name or ARN, as configured} */
    String table() {
        return table;
    }

    @Override
    public void revoke(String key, Instant revokedAt, Instant expiresAt) {
        Objects.requireNonNull(revokedAt, "revokedAt");
        Map<String, AttributeValue> item = Map.of(
                KEY, string(itemKey(key)),
                REVOKED_AT, number(roundUpToMillis(revokedAt).toEpochMilli()),
                TTL, number(expiresAt.getEpochSecond()));
        try {
            // one atomic write, so that of two instances revoking the same key at once the later revokedAt stays
            client().putItem(request -> request.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#k) OR #r < :r")
                    .expressionAttributeNames(Map.of("#k", KEY, "#r", REVOKED_AT))
                    .expressionAttributeValues(Map.of(":r", item.get(REVOKED_AT))));
        } catch (ConditionalCheckFailedException e) {
            // a revocation at the same time or later is recorded already: it revokes at least as much as this one
        } catch (SdkException e) {
            throw unavailable("PutItem", e);
        }
    }

    @Override
    public Map<String, Instant> revocations(Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        if (distinct.size() > MAX_KEYS) {
            throw new IllegalArgumentException("at most " + MAX_KEYS + " keys at once, not " + distinct.size());
        }
        if (distinct.isEmpty()) {
            return Map.of();
        }
        DynamoDbClient current = client();
        if (distinct.size() == 1) {
            String key = distinct.getFirst();
            return read(current, key).map(at -> Map.of(key, at)).orElse(Map.of());
        }
        // one GetItem per key (the role may not BatchGetItem), at once: the look-up takes one call's time, not ten
        List<Future<Optional<Instant>>> reads = new ArrayList<>(distinct.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String key : distinct) {
                reads.add(executor.submit(() -> read(current, key)));
            }
            Map<String, Instant> found = new HashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                Optional<Instant> revokedAt = reads.get(i).get();
                if (revokedAt.isPresent()) {
                    found.put(distinct.get(i), revokedAt.get());
                }
            }
            return Map.copyOf(found);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RevocationStoreUnavailableException(describe("GetItem") + " was interrupted", e);
        }
    }

    @Override
    public boolean recordOnce(String key, Instant expiresAt) {
        Map<String, AttributeValue> item = Map.of(KEY, string(itemKey(key)), TTL, number(expiresAt.getEpochSecond()));
        try {
            client().putItem(request -> request.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", KEY)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw unavailable("PutItem", e);
        }
    }

    @Override
    public boolean reachable() {
        try {
            client().getItem(request -> request.tableName(table).key(Map.of(KEY, string(PROBE_KEY))).projectionExpression("#k")
                    .expressionAttributeNames(Map.of("#k", KEY)));
            return true;
        } catch (SdkException e) {
            // readiness asks often: its own answer reports the outage, this only says why
            LOG.log(Level.DEBUG, "{0} is not reachable: {1}", describe("GetItem"), failure(e));
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    private Optional<Instant> read(DynamoDbClient current, String key) {
        GetItemResponse response;
        try {
            response = current.getItem(request -> request.tableName(table).key(Map.of(KEY, string(itemKey(key))))
                    .projectionExpression("#r")
                    .expressionAttributeNames(Map.of("#r", REVOKED_AT)));
        } catch (SdkException e) {
            throw unavailable("GetItem", e);
        }
        // an item without revokedAt is a recordOnce key, not a revocation
        return Optional.ofNullable(response.item())
                .map(item -> item.get(REVOKED_AT))
                .map(value -> Instant.ofEpochMilli(Long.parseLong(value.n())));
    }

    private DynamoDbClient client() {
        DynamoDbClient current = client;
        if (current != null) {
            return current;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(describe("the store") + " is closed");
            }
            if (client == null) {
                try {
                    client = clientFactory.get();
                } catch (SdkException e) {
                    // no region found, for example; the next call tries again
                    throw unavailable("the client", e);
                }
            }
            return client;
        }
    }

    private RevocationStoreUnavailableException unavailable(String call, SdkException e) {
        return new RevocationStoreUnavailableException(describe(call) + " failed: " + failure(e), e);
    }

    private String describe(String call) {
        return "DynamoDB table " + table + ": " + call;
    }

    /** The error code and HTTP status DynamoDB answered, or the client's failure and its cause: classes, no messages. */
    static String failure(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ")";
    }

    /** The key as stored: itself, or its hash when DynamoDB would refuse it as too long. */
    static String itemKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a revocation key is not empty");
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_KEY_BYTES) {
            return key;
        }
        try {
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Epoch milliseconds lose the nanoseconds; rounding up keeps every instant before {@code at} before the result. */
    static Instant roundUpToMillis(Instant at) {
        Instant truncated = at.truncatedTo(ChronoUnit.MILLIS);
        return truncated.equals(at) ? at : truncated.plusMillis(1);
    }

    private static AttributeValue string(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
