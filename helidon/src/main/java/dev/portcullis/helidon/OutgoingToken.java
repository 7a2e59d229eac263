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
 * Without the annotation the filter sends the caller's token. A client named here is checked at start-up: a missing or
 * wrong {@code auth.clients.<name>.*} key stops it, naming the key.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OutgoingToken {

    /**
     * The outgoing client whose {@code client_credentials} token to send ({@code auth.clients.<name>}); empty (the
     * default) for the caller's token.
     *
     * @return the client's name, or empty
     */
    String client() default "";
}
