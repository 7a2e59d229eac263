package dev.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a sign-in must be beyond valid: recent enough ({@code max_age}) and strong enough ({@code acr_values}), as OpenID
 * Connect Core asks for in an authorization request and as a resource demands for step-up (RFC 9470). An ID token (a
 * session's) or an access token (a bearer caller's) meets it when its {@code auth_time} is at most {@code maxAge} ago
 * and its {@code acr} is one of {@code acrValues}; a token without the claim asked about does not. Immutable.
 *
 * @param maxAge    how long ago the user may have authenticated at most; empty for any time
 * @param acrValues the authentication context classes accepted, any one of them; empty for any
 */
public record SignInRequirement(Optional<Duration> maxAge, List<String> acrValues) {

    /** No requirement: any valid sign-in. */
    public static final SignInRequirement NONE = new SignInRequirement(Optional.empty(), List.of());

    /** An ACR value: a URI or a name, without spaces or quotes (it goes in a space-separated list and a header). */
    private static final Pattern ACR = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException for a negative age or an ACR value with a space, a quote or a backslash
     */
    public SignInRequirement {
        Objects.requireNonNull(maxAge, "maxAge");
        maxAge.ifPresent(age -> {
            if (age.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative");
            }
        });
        acrValues = List.copyOf(acrValues);
        for (String acr : acrValues) {
            if (!ACR.matcher(acr).matches()) {
                throw new IllegalArgumentException("not an ACR value: " + acr);
            }
        }
    }

    /** {@return whether this asks for nothing} */
    public boolean isEmpty() {
        return maxAge.isEmpty() && acrValues.isEmpty();
    }

    /**
     * The authorization request parameters that ask the provider for this: {@code max_age} in seconds, {@code acr_values}
     * space-separated.
     *
     * @return the parameters, empty for {@link #NONE}
     */
    public Map<String, String> authorizeParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        maxAge.ifPresent(age -> parameters.put("max_age", Long.toString(age.toSeconds())));
        if (!acrValues.isEmpty()) {
            parameters.put("acr_values", String.join(" ", acrValues));
        }
        return parameters;
    }

    /**
     * Why a token's claims do not meet this, if they do not.
     *
     * @param claims the ID token's claims for a session, the access token's for a bearer caller
     * @param now    the time
     * @param skew   the clock skew allowed
     * @return {@link Reason#AUTHENTICATION_TOO_OLD} or {@link Reason#AUTHENTICATION_TOO_WEAK}; empty when met
     */
    public Optional<Reason> unmetBy(Map<String, Object> claims, Instant now, Duration skew) {
        if (maxAge.isPresent()) {
            Optional<Instant> authTime = authTime(claims.get("auth_time"));
            if (authTime.isEmpty() || authTime.get().plus(maxAge.get()).plus(skew).isBefore(now)) {
                return Optional.of(Reason.AUTHENTICATION_TOO_OLD);
            }
        }
        if (!acrValues.isEmpty() && !(claims.get("acr") instanceof String acr && acrValues.contains(acr))) {
            return Optional.of(Reason.AUTHENTICATION_TOO_WEAK);
        }
        return Optional.empty();
    }

    /**
     * The requirement an authorization request's parameters ask for.
     *
     * @param parameters the request's extra parameters
     * @return what {@code max_age} and {@code acr_values} ask for
     * @throws BadRequestException when {@code max_age} is not a number of seconds or {@code acr_values} holds a value
     *                             that cannot be one
     */
    static SignInRequirement of(Map<String, String> parameters) {
        String maxAge = parameters.get("max_age");
        if (maxAge != null && !SECONDS.matcher(maxAge).matches()) {
            throw new BadRequestException(Reason.PARAMETER_INVALID, null, "max_age is not a number of seconds");
        }
        String acr = parameters.get("acr_values");
        try {
            return new SignInRequirement(Optional.ofNullable(maxAge).map(Long::parseLong).map(Duration::ofSeconds),
                    acr == null || acr.isBlank() ? List.of() : List.of(acr.trim().split(" +")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(Reason.PARAMETER_INVALID, null, "acr_values holds a value that is not one");
        }
    }

    private static Optional<Instant> authTime(Object claim) {
        return switch (claim) {
            case Number seconds -> Optional.of(Instant.ofEpochSecond(seconds.longValue()));
            case Date date -> Optional.of(date.toInstant());
            case null, default -> Optional.empty();
        };
    }
}
