package dev.portcullis.secrets.aws;

import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Secret values read from AWS Secrets Manager, each kept for a time-to-live. A value older than that is read again
 * on its next use; if the store cannot be reached then, the old value keeps serving (and a warning says so). Only a
 * secret that was never read fails. Thread-safe; one instance, with one SDK client, per configuration (that is, per
 * process).
 */
final class SecretsManagerCache {

    private static final System.Logger LOG = System.getLogger(SecretsManagerCache.class.getName());
    /** Bounds how often a refused client secret makes us ask the store again. */
    static final Duration MIN_FORCED_REFETCH_INTERVAL = Duration.ofSeconds(10);

    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    /** A secret's string as last read, and its JSON object when it is one (parsed once, not per configuration read). */
    private record Entry(String secretString, Optional<JsonObject> json, Instant readAt) {

        static Entry of(String secretString, Instant readAt) {
            Optional<JsonObject> json;
            try (var reader = JSON.createReader(new StringReader(secretString))) {
                json = Optional.of(reader.readObject());
            } catch (JsonParsingException | IllegalStateException | ClassCastException e) {
                json = Optional.empty();
            }
            return new Entry(secretString, json, readAt);
        }

        Entry expired() {
            return new Entry(secretString, json, Instant.EPOCH);
        }

        @Override
        public String toString() {
            return "Entry[readAt=" + readAt + "]";
        }
    }

    private final Supplier<SecretsManagerClient> clientFactory;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, SecretReference> referencesByKey = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastForcedRefetch = new ConcurrentHashMap<>();
    private final ReentrantLock reading = new ReentrantLock();
    private volatile SecretsManagerClient client;

    SecretsManagerCache(Supplier<SecretsManagerClient> clientFactory, Duration ttl, Clock clock) {
        this.clientFactory = clientFactory;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * The value a configuration key's secret reference stands for.
     *
     * @param configKey the configuration key, remembered so the secret can be re-read for it later
     * @param reference the secret
     * @return the secret's value (the whole string, or the field)
     * @throws SecretUnavailableException when it was never read and cannot be read now
     */
    String resolve(String configKey, SecretReference reference) {
        referencesByKey.put(configKey, reference);
        Entry entry = entries.get(reference.secretId());
        if (entry == null || isStale(entry)) {
            entry = read(reference, entry, false);
        }
        return select(reference, entry);
    }

    /**
     * Reads the secret behind a configuration key again now, bypassing the time-to-live.
     *
     * @param configKey the configuration key
     * @return whether the key names a secret here and its value changed
     */
    boolean refetch(String configKey) {
        SecretReference reference = referencesByKey.get(configKey);
        if (reference == null) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = lastForcedRefetch.get(reference.secretId());
        if (last != null && now.isBefore(last.plus(MIN_FORCED_REFETCH_INTERVAL))) {
            return false;
        }
        lastForcedRefetch.put(reference.secretId(), now);
        Entry before = entries.get(reference.secretId());
        Entry after = read(reference, before, true);
        try {
            return before == null || !select(reference, before).equals(select(reference, after));
        } catch (SecretUnavailableException e) {
            return false;
        }
    }

    /** Marks every value as due for a read on its next use, keeping it to fall back on. */
    void expireAll() {
        entries.replaceAll((id, entry) -> entry.expired());
    }

    private boolean isStale(Entry entry) {
        return !clock.instant().isBefore(entry.readAt().plus(ttl));
    }

    private Entry read(SecretReference reference, Entry cached, boolean forced) {
        reading.lock();
        try {
            Entry current = entries.get(reference.secretId());
            if (!forced && current != null && !isStale(current)) {
                return current;  // another thread read it while this one waited
            }
            GetSecretValueResponse response = client().getSecretValue(request -> request.secretId(reference.secretId()));
            if (response.secretString() == null) {
                throw new SecretUnavailableException(reference, "has no SecretString (binary secrets are not supported)");
            }
            Entry fresh = Entry.of(response.secretString(), clock.instant());
            entries.put(reference.secretId(), fresh);
            return fresh;
        } catch (AwsServiceException e) {
            return fallBack(reference, cached, e.awsErrorDetails() == null ? e.getClass().getSimpleName()
                    : e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            return fallBack(reference, cached, "Secrets Manager could not be reached (" + e.getClass().getSimpleName() + ")");
        } finally {
            reading.unlock();
        }
    }

    private Entry fallBack(SecretReference reference, Entry cached, String problem) {
        if (cached == null) {
            throw new SecretUnavailableException(reference, problem);
        }
        LOG.log(Level.WARNING, "{0} could not be read again: {1}; the value read at {2} keeps serving", reference, problem, cached.readAt());
        return cached;
    }

    private SecretsManagerClient client() {
        SecretsManagerClient current = client;
        if (current == null) {
            current = clientFactory.get();
            client = current;
        }
        return current;
    }

    private static String select(SecretReference reference, Entry entry) {
        if (reference.field().isEmpty()) {
            return entry.secretString();
        }
        String field = reference.field().get();
        JsonObject json = entry.json().orElseThrow(() -> new SecretUnavailableException(reference,
                "SecretString is not a JSON object, so it has no field " + field));
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw new SecretUnavailableException(reference, "SecretString has no field " + field);
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
    }
}
