package dev.portcullis.revocation.dynamodb;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.portcullis.auth.spi.RevocationStore;
import dev.portcullis.auth.spi.RevocationStoreFactory;

/**
 * {@code auth.revocation.store=dynamodb}: revocations in the DynamoDB table {@code auth.revocation.dynamodb.table}, with
 * the AWS SDK v2 client built the standard way (region from {@code AWS_REGION}, the default credentials chain, the
 * endpoint override {@code AWS_ENDPOINT_URL_DYNAMODB}) on the JDK's {@code HttpURLConnection}. Found by
 * {@link java.util.ServiceLoader}.
 */
public final class DynamoDbRevocationStoreFactory implements RevocationStoreFactory {

    /** The setting naming the table: its name, or its ARN. */
    public static final String TABLE = "auth.revocation.dynamodb.table";

    /** DynamoDB's rule for a table name; an ARN is taken as it is and checked by DynamoDB. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    /** For {@link java.util.ServiceLoader}. */
    public DynamoDbRevocationStoreFactory() {
    }

    /** {@return {@code dynamodb}} */
    @Override
    public String name() {
        return "dynamodb";
    }

    /**
     * Makes the store; its client is built at its first call, so this contacts nothing.
     *
     * @param settings a setting's value by its full key; empty when not set
     * @return the store
     * @throws IllegalArgumentException when {@code auth.revocation.dynamodb.table} is missing or is not a table name or ARN
     */
    @Override
    public RevocationStore create(Function<String, Optional<String>> settings) {
        String table = settings.apply(TABLE).map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(TABLE + ": is required but not set"));
        if (!table.startsWith("arn:") && !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException(TABLE + ": is not a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, _, - and .) "
                    + "or a table ARN");
        }
        return new DynamoDbRevocationStore(table, () -> DynamoDbRevocationStore.clientBuilder().build());
    }
}
