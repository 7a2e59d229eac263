package dev.portcullis.helidon;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Reason;
import dev.portcullis.auth.SignInRequirement;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Puts a {@link StepUp} check on each resource method that has the annotation (or whose class has it), read once
 * per method when the application starts: a malformed {@code maxAge} or ACR value stops start-up naming the method.
 */
final class StepUpFeature implements DynamicFeature {

    private final OidcRelyingParty relyingParty;

    StepUpFeature(OidcRelyingParty relyingParty) {
        this.relyingParty = relyingParty;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        StepUp stepUp = method.getAnnotation(StepUp.class);
        if (stepUp == null) {
            stepUp = resource.getResourceClass().getAnnotation(StepUp.class);
        }
        if (stepUp != null) {
            context.register(new Check(requirement(stepUp, method), relyingParty));
        }
    }

    private static SignInRequirement requirement(StepUp stepUp, Method method) {
        try {
            Optional<Duration> maxAge = stepUp.maxAge().isBlank() ? Optional.empty() : Optional.of(Duration.parse(stepUp.maxAge()));
            return new SignInRequirement(maxAge, List.of(stepUp.acrValues()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalStateException("@StepUp on " + method.getDeclaringClass().getName() + "." + method.getName()
                    + ": maxAge must be an ISO-8601 duration (PT5M) and each ACR value a name without spaces or quotes", e);
        }
    }

    /** The check of one method's demand, after the guard (which authenticated the caller, if any). */
    @Priority(Priorities.USER)
    static final class Check implements ContainerRequestFilter {

        private final SignInRequirement requirement;
        private final OidcRelyingParty relyingParty;

        Check(SignInRequirement requirement, OidcRelyingParty relyingParty) {
            this.requirement = requirement;
            this.relyingParty = relyingParty;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Optional<Identity> caller = CDI.current().select(Caller.class).get().identity();
            Optional<Reason> unmet = caller.isEmpty() ? Optional.of(Reason.AUTHENTICATION_TOO_OLD)
                    : relyingParty.unmetSignInRequirement(requirement, caller.get());
            if (unmet.isEmpty()) {
                return;
            }
            boolean session = caller.map(identity -> identity.source() == Identity.Source.SESSION).orElse(true);
            if (session && HttpRequests.isBrowserNavigation(request.getMethod(), request.getHeaders())) {
                // sign in again, asking the provider for what is demanded; the callback checks the new ID token has it
                URI target = request.getUriInfo().getRequestUri();
                String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
                URI login = relyingParty.settings().loginUri(caller.map(Identity::provider), relyingParty.settings().returnTo(path),
                        requirement.authorizeParameters());
                request.abortWith(HttpAnswers.noStore(Response.status(Response.Status.FOUND).location(login)).build());
                return;
            }
            request.abortWith(HttpAnswers.noStore(Response.status(Response.Status.UNAUTHORIZED)
                    .header("WWW-Authenticate", challenge(unmet.get()))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(HttpAnswers.JSON.createObjectBuilder()
                            .add("error", "insufficient_user_authentication")
                            .add("message", description(unmet.get())).build().toString()))
                    .build());
        }

        /** RFC 9470, section 3: the error, and what the caller needs to get a token that meets the demand. */
        private String challenge(Reason unmet) {
            List<String> parts = new ArrayList<>();
            parts.add("Bearer error=\"insufficient_user_authentication\"");
            parts.add("error_description=\"" + description(unmet) + "\"");
            if (!requirement.acrValues().isEmpty()) {
                parts.add("acr_values=\"" + String.join(" ", requirement.acrValues()) + "\"");
            }
            requirement.maxAge().ifPresent(age -> parts.add("max_age=" + age.toSeconds()));
            return String.join(", ", parts);
        }

        private static String description(Reason unmet) {
            return unmet == Reason.AUTHENTICATION_TOO_WEAK ? "A stronger authentication is required"
                    : "A more recent authentication is required";
        }
    }
}
