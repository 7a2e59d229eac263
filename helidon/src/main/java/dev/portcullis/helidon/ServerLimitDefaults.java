package dev.portcullis.helidon;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The Helidon server limits Portcullis sets unless the application does: Helidon's own default takes a request body of
 * any size, which a resource that reads it whole would buffer whole. At the lowest ordinal an application's
 * configuration has (its {@code microprofile-config.properties} is 100, environment variables 300, system properties
 * 400), so any of them overrides it:
 * <ul>
 *   <li>{@code server.max-payload-size=1048576}: a body over 1 MiB is refused with 413 before it is read, at once when
 *   {@code Content-Length} says so, else once a chunked body passes it; {@code -1} lifts the limit;</li>
 *   <li>{@code server.protocols.http_1_1.max-headers-size=32768}: the most header bytes read at all; the service
 *   answers a header section over 16 KiB with 431 ({@link RequestHeaderLimit}), one over this Helidon with 400. The
 *   request line keeps Helidon's limit ({@code max-prologue-length}, 4096 bytes).</li>
 * </ul>
 * Public only because {@link java.util.ServiceLoader} requires it; not an API.
 */
public final class ServerLimitDefaults implements ConfigSource {

    /** Below every configuration source of the application's. */
    static final int ORDINAL = 50;

    /** The largest request body the server reads: 1 MiB. */
    static final long MAX_PAYLOAD_SIZE = 1024 * 1024;

    /**
     * The most header bytes the server reads at all: twice what is served ({@link RequestHeaderLimit#MAX_HEADER_BYTES}),
     * so that a header section between the two is answered 431 by the service, and one beyond this 400 by Helidon.
     */
    static final int MAX_HEADERS_SIZE = 2 * RequestHeaderLimit.MAX_HEADER_BYTES;

    private static final Map<String, String> PROPERTIES = Map.of("server.max-payload-size", Long.toString(MAX_PAYLOAD_SIZE),
            "server.protocols.http_1_1.max-headers-size", Integer.toString(MAX_HEADERS_SIZE));

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public ServerLimitDefaults() {
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "Portcullis server limits";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
