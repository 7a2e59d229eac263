package dev.portcullis.helidon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which token a MicroProfile REST client interface sends, with {@link OutgoingTokenFilter} registered on it
 * ({@code @RegisterProvider(OutgoingTokenFilter.class)}):
 * <pre>{@code
 * @RegisterRestClient(configKey = "inventory")
 * @RegisterProvider(OutgoingTokenFilter.class)
 * @OutgoingToken                                   // the caller's own token: its bearer token, or its session's access token
 * interface InventoryClient { ... }
 *
 * @RegisterRestClient(configKey = "warehouse")
 * @RegisterProvider(OutgoingTokenFilter.class)
 * @OutgoingToken(client = "warehouse")             // this service's own: auth.clients.warehouse.*, client credentials
 * interface WarehouseClient { ... }
 * }</pre>
 * The annotation is required on the interface that declares the methods called: without it the filter sends nothing
 * (a method inherited from a base interface without it would otherwise go out with a token chosen for another
 * interface). A client named here is checked at start-up: a missing or wrong {@code auth.clients.<name>.*} key stops
 * it, naming the key. With {@code auth.clients.<name>.grant=token-exchange} the client sends the caller's token,
 * exchanged.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OutgoingToken {

    /**
     * The outgoing client whose token to send ({@code auth.clients.<name>}: its {@code client_credentials} token, or the
     * caller's exchanged); empty (the default) for the caller's own token.
     *
     * @return the client's name, or empty
     */
    String client() default "";
}
