package dev.portcullis.auth;

import java.util.Optional;

/**
 * The query parameters of a request to {@code /auth/callback}.
 *
 * @param code             {@code code}
 * @param state            {@code state}
 * @param issuer           {@code iss} (RFC 9207)
 * @param error            {@code error}; its {@code error_description} is neither shown nor logged (anyone can
 *                         put any text there with a crafted link)
 */
public record CallbackParameters(Optional<String> code,
                                 Optional<String> state,
                                 Optional<String> issuer,
                                 Optional<String> error) {

    /**
     * Checks each parameter: none may be longer than any real one is, or hold a character OAuth does not allow.
     *
     * @throws BadRequestException when one cannot be what it claims to be
     */
    public CallbackParameters {
        code.ifPresent(OAuthParameter.CODE::checked);
        state.ifPresent(OAuthParameter.STATE::checked);
        issuer.ifPresent(OAuthParameter.ISSUER::checked);
        error.ifPresent(OAuthParameter.ERROR::checked);
    }

    /**
     * Builds the parameters from possibly-null request values; blank counts as absent.
     *
     * @param code   code
     * @param state  state
     * @param issuer iss
     * @param error  error
     * @return the parameters
     * @throws BadRequestException when one cannot be what it claims to be
     */
    public static CallbackParameters of(String code, String state, String issuer, String error) {
        return new CallbackParameters(present(code), present(state), present(issuer), present(error));
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public String toString() {
        // the code is a credential
        return "CallbackParameters[code=" + code.isPresent() + ", state=" + state.isPresent() + ", iss=" + issuer.orElse("")
                + ", error=" + error.orElse("") + "]";
    }
}
