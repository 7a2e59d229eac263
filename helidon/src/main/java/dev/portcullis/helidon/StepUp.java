package dev.portcullis.helidon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method (or every method of a resource class) that demands a recent or stronger sign-in than the caller
 * has (step-up authentication, RFC 9470). A browser session that does not meet it is sent to sign in again, asking the
 * provider for it ({@code max_age}, {@code acr_values}), and the new ID token's {@code auth_time} and {@code acr} are
 * checked at the callback; an API caller gets 401 with
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"}, naming what is demanded. It applies after
 * the guard, so the method still needs {@code @Authenticated} or {@code @RolesAllowed}.
 *
 * <pre>{@code
 * @POST @Path("transfer") @RolesAllowed("customer")
 * @StepUp(maxAge = "PT5M", acrValues = "http://schemas.openid.net/pape/policies/2007/06/multi-factor")
 * public Receipt transfer(Transfer transfer) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface StepUp {

    /**
     * How long ago the user may have signed in at most, an ISO-8601 duration ({@code PT5M}); empty for any time.
     *
     * @return the duration
     */
    String maxAge() default "";

    /**
     * The authentication context classes accepted, any one of them; empty for any.
     *
     * @return the ACR values
     */
    String[] acrValues() default {};
}
