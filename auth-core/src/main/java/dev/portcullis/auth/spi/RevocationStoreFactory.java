package dev.portcullis.auth.spi;

import java.util.Optional;
import java.util.function.Function;

/**
 * Makes a {@link RevocationStore} of one kind, chosen by {@code auth.revocation.store=<name>}; found by
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.portcullis.auth.spi.RevocationStoreFactory}.
 */
public interface RevocationStoreFactory {

    /**
     * The kind, as {@code auth.revocation.store} names it: {@code dynamodb}.
     *
     * @return the name
     */
    String name();

    /**
     * Makes the store from its settings ({@code auth.revocation.<name>.*}, for example
     * {@code auth.revocation.dynamodb.table}). Contacts nothing.
     *
     * @param settings a setting's value by its full key; empty when not set
     * @return the store
     * @throws IllegalArgumentException naming the key of a missing or wrong setting, as {@code key: problem}
     */
    RevocationStore create(Function<String, Optional<String>> settings);
}
