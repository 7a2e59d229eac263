package dev.portcullis.auth.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Where revocations live that every instance of the service must see: a session ended by logout, every session of a
 * provider's {@code sid} or of a user ended by back-channel logout, and the logout tokens already used. Portcullis names
 * what is revoked by an opaque key ({@code s:<session id>}, {@code sid:<provider>:<sid>}, {@code sub:<provider>:<sub>},
 * {@code jti:<provider>:<jti>}; at most 1,024 characters) and keeps each record until its {@code expiresAt}, which a
 * store may use to let records expire by themselves (DynamoDB TTL): nothing needs them after the longest session.
 * <p>
 * Implementations are thread-safe, bound every call by a timeout, and report a store that cannot be reached by throwing
 * {@link RevocationStoreUnavailableException}; Portcullis then follows {@code auth.revocation.on-outage}. A store module
 * ships a {@link RevocationStoreFactory} for {@link java.util.ServiceLoader}.
 */
public interface RevocationStore extends AutoCloseable {

    /**
     * Records that whatever the key names, begun before {@code revokedAt}, is revoked. A later revocation of the same key
     * replaces an earlier one.
     *
     * @param key       what is revoked
     * @param revokedAt when: a session that began after it is not revoked by this record (one that began in the same
     *                  instant is: the session cookie keeps whole seconds, and ending one too many is the safe error)
     * @param expiresAt when the record may be forgotten
     * @throws RevocationStoreUnavailableException when the store cannot be written
     */
    void revoke(String key, Instant revokedAt, Instant expiresAt);

    /**
     * The revocations recorded under some keys.
     *
     * @param keys the keys, at most 10
     * @return when each recorded key was revoked; a key without a record is absent
     * @throws RevocationStoreUnavailableException when the store cannot be read
     */
    Map<String, Instant> revocations(Collection<String> keys);

    /**
     * Records a key only if it is not recorded yet, atomically across instances: a logout token's {@code jti}, used once.
     *
     * @param key       the key
     * @param expiresAt when the record may be forgotten
     * @return true when this call recorded it; false when it was recorded before
     * @throws RevocationStoreUnavailableException when the store cannot be written
     */
    boolean recordOnce(String key, Instant expiresAt);

    /**
     * Whether the store can be read now, for readiness. A cheap call (a read of one key that need not exist).
     *
     * @return whether a read succeeded
     */
    boolean reachable();

    /** Releases the store's client. */
    @Override
    void close();
}
