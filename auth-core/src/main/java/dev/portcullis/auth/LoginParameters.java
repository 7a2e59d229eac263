package dev.portcullis.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * The parameters one provider's authorization requests carry beyond the protocol's own, configured once:
 * <ul>
 *   <li>the provider module's ({@link ProviderDescriptor#authorizeParameters()}, Auth0's {@code audience});</li>
 *   <li>fixed ones, {@code auth.<name>.authorize-params.<param>=value}, on every request;</li>
 *   <li>those {@code /auth/login?…} may pass through, {@code auth.<name>.forward-params=prompt,login_hint,…}, plus the
 *   provider's federation parameter limited to its configured identity providers, and the parameters its own links
 *   send; a request's value replaces a fixed one of the same name. Anything else a request carries is ignored.</li>
 * </ul>
 * The relying party's own parameters ({@code state}, {@code nonce}, {@code redirect_uri}, PKCE, {@code response_type},
 * {@code client_id}, {@code scope}) can be set neither way: configuring one fails start-up naming the key. Immutable.
 */
final class LoginParameters {

    /**
     * Passed through whatever {@code forward-params} says: they only ask for a stronger or more recent sign-in, which
     * the callback then checks ({@link SignInRequirement}), and a resource demanding step-up sends them.
     */
    static final Set<String> STEP_UP = Set.of("max_age", "acr_values");

    /** The longest value passed through: a login hint (an e-mail address), locales, ACR values fit many times over. */
    static final int MAX_VALUE_LENGTH = 512;

    private final String provider;
    private final Map<String, String> fixed;
    private final Set<String> forwarded;
    private final String federationParameter;
    private final List<String> identityProviders;

    private LoginParameters(String provider, Map<String, String> fixed, Set<String> forwarded, String federationParameter,
                            List<String> identityProviders) {
        this.provider = provider;
        this.fixed = Collections.unmodifiableMap(fixed);
        this.forwarded = Set.copyOf(forwarded);
        this.federationParameter = federationParameter;
        this.identityProviders = identityProviders;
    }

    /**
     * Reads a provider's login parameters.
     *
     * @throws AuthConfigurationException naming the key that sets a parameter the relying party sets itself
     */
    static LoginParameters of(String name, ProviderDescriptor descriptor, ConfigValues values) {
        Map<String, String> fixed = new LinkedHashMap<>(descriptor.authorizeParameters());
        String fixedPrefix = "auth." + name + ".authorize-params.";
        values.under(fixedPrefix).forEach((parameter, value) -> {
            if (ProviderDescriptor.isReservedParameter(parameter)) {
                throw new AuthConfigurationException(fixedPrefix + parameter, "is a parameter Portcullis sets itself");
            }
            fixed.put(parameter, value);
        });
        String forwardKey = "auth." + name + ".forward-params";
        Set<String> forwarded = new LinkedHashSet<>(descriptor.forwardableParameters());
        for (String parameter : values.list(forwardKey)) {
            if (ProviderDescriptor.isReservedParameter(parameter)) {
                throw new AuthConfigurationException(forwardKey, "names " + parameter + ", a parameter Portcullis sets itself");
            }
            forwarded.add(parameter);
        }
        try {
            SignInRequirement.of(fixed);
        } catch (BadRequestException e) {
            throw new AuthConfigurationException(fixedPrefix + (fixed.containsKey("max_age") ? "max_age" : "acr_values"),
                    "is not a number of seconds, or not a space-separated list of ACR values");
        }
        String federation = descriptor.federationParameter().filter(p -> !descriptor.identityProviders().isEmpty()).orElse(null);
        return new LoginParameters(name, fixed, forwarded, federation, descriptor.identityProviders());
    }

    /** {@return the federated identity providers to offer as sign-in buttons} */
    List<String> identityProviders() {
        return identityProviders;
    }

    /** {@return the parameter that names a federated identity provider, or null} */
    String federationParameter() {
        return federationParameter;
    }

    /**
     * The extra parameters of one authorization request.
     *
     * @param requested the query parameters of {@code /auth/login}
     * @throws BadRequestException when a parameter passed through is repeated, too long, holds a control character, or
     *                             names an identity provider that is not configured
     */
    Map<String, String> forRequest(Map<String, List<String>> requested) {
        Map<String, String> parameters = new LinkedHashMap<>(fixed);
        requested.forEach((name, values) -> {
            boolean federation = name.equals(federationParameter);
            if (!federation && !forwarded.contains(name) && !STEP_UP.contains(name) || values.isEmpty()) {
                return;
            }
            if (values.size() > 1) {
                throw refused(name + " is repeated");
            }
            String value = values.get(0);
            if (value.length() > MAX_VALUE_LENGTH) {
                throw refused(name + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw refused(name + " holds a control character");
            }
            if (federation && !identityProviders.contains(value)) {
                throw refused(name + " names an identity provider that is not configured");
            }
            if (!value.isEmpty()) {
                parameters.put(name, value);
            }
        });
        return parameters;
    }

    private BadRequestException refused(String message) {
        return new BadRequestException(Reason.PARAMETER_INVALID, provider, message);
    }
}
