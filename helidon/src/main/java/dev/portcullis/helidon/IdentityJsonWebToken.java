package dev.portcullis.helidon;

import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.portcullis.auth.Identity;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A MicroProfile {@link JsonWebToken} over a verified {@link Identity}. Claim values follow the
 * specification's types: {@code groups} and {@code aud} as {@code Set<String>}, times as {@code Long}
 * seconds, JSON arrays and objects as JSON-P values.
 */
final class IdentityJsonWebToken implements JsonWebToken {

    /** One provider lookup: {@code Json.create*} looks the JSON provider up again on every call. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    static final IdentityJsonWebToken ANONYMOUS = new IdentityJsonWebToken(null);

    private final Identity identity;

    IdentityJsonWebToken(Identity identity) {
        this.identity = identity;
    }

    @Override
    public String getName() {
        return identity == null ? null : identity.principalName();
    }

    @Override
    public Set<String> getClaimNames() {
        if (identity == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>(identity.claims().keySet());
        names.add(Claims.raw_token.name());
        names.add(Claims.groups.name());
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (identity == null || claimName == null) {
            return null;
        }
        if (claimName.equals(Claims.raw_token.name())) {
            return (T) identity.rawToken();
        }
        if (claimName.equals(Claims.groups.name())) {
            // the provider's groups claim (cognito:groups, permissions, ...) mapped to MP JWT groups
            return (T) Set.copyOf(identity.groups());
        }
        Object value = identity.claims().get(claimName);
        if (claimName.equals(Claims.aud.name()) && value != null) {
            return (T) (value instanceof Collection<?> list ? toStrings(list) : Set.of(value.toString()));
        }
        return (T) toMpJwtValue(value);
    }

    @Override
    public String toString() {
        return identity == null ? "JsonWebToken[anonymous]" : "JsonWebToken[" + identity + "]";
    }

    private static Set<String> toStrings(Collection<?> values) {
        Set<String> strings = new LinkedHashSet<>();
        values.forEach(v -> strings.add(String.valueOf(v)));
        return Set.copyOf(strings);
    }

    @SuppressWarnings("unchecked")
    private static Object toMpJwtValue(Object value) {
        if (value instanceof Date date) {
            return date.getTime() / 1000;
        }
        if (value instanceof Integer number) {
            return number.longValue();
        }
        if (value instanceof Collection<?> list) {
            return JSON.createArrayBuilder(list).build();
        }
        if (value instanceof Map<?, ?> map) {
            return JSON.createObjectBuilder((Map<String, Object>) map).build();
        }
        return value;
    }
}
