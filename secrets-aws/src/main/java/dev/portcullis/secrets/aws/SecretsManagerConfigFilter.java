package dev.portcullis.secrets.aws;

import java.time.Clock;
import java.time.Duration;

import dev.portcullis.auth.AuthConfigurationException;
import dev.portcullis.auth.AuthSettings;

import io.helidon.config.mp.spi.MpConfigFilter;
import org.eclipse.microprofile.config.Config;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Replaces {@code aws-secretsmanager:ID[#field]} configuration values with the secret, for every configuration key.
 * Helidon runs it on each read of a value, so a value is read from Secrets Manager the first time it is used (the
 * auth module reads all of its keys at start-up, inside Lambda's init phase) and then served from the cache for
 * {@code auth.secrets.ttl} (default PT5M).
 * <p>
 * The SDK client is built the standard way, once, on first use: region from {@code AWS_REGION}, credentials from
 * the default chain, the endpoint from {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or {@code AWS_ENDPOINT_URL} when
 * set; JDK {@code HttpURLConnection} transport only.
 */
public final class SecretsManagerConfigFilter implements MpConfigFilter {

    private static volatile SecretsManagerCache current;

    private SecretsManagerCache cache;

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public SecretsManagerConfigFilter() {
    }

    @Override
    public void init(Config config) {
        Duration ttl;
        try {
            ttl = AuthSettings.secretsTtl(config);
        } catch (AuthConfigurationException e) {
            // configuration is still being built, where a failure becomes a stack trace: the auth module's start-up
            // check reports the bad value in one line moments later
            ttl = AuthSettings.DEFAULT_SECRETS_TTL;
        }
        this.cache = new SecretsManagerCache(SecretsManagerConfigFilter::newClient, ttl, Clock.systemUTC());
        // the newest configuration's cache is the one whose secrets the relying party uses
        current = cache;
    }

    @Override
    public String apply(String propertyName, String value) {
        return SecretReference.parse(value)
                .map(reference -> cache.resolve(propertyName, reference))
                .orElse(value);
    }

    /**
     * Marks every cached secret as due, so each is read again on its next use (the previous value keeps serving if
     * Secrets Manager cannot be reached then). For a SnapStart restore: the snapshot's copies may be days old.
     */
    public static void expireCachedSecrets() {
        SecretsManagerCache cache = current;
        if (cache != null) {
            cache.expireAll();
        }
    }

    /** The cache of the configuration in use, for {@link SecretsManagerRotation}. */
    static SecretsManagerCache currentCache() {
        return current;
    }

    private static SecretsManagerClient newClient() {
        return SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }
}
