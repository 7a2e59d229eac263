package dev.portcullis.helidon;

import java.lang.reflect.Method;
import java.util.Optional;

import dev.portcullis.auth.CallerAccessToken;
import dev.portcullis.auth.OidcRelyingParty;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Puts an access token on an outgoing call: the caller's (the bearer token the request being served came with, or its
 * browser session's access token, never its ID token), or an outgoing client's {@code client_credentials} token
 * ({@code auth.clients.<name>}). Without a token the call is not sent: it fails with an
 * {@link dev.portcullis.auth.OutgoingTokenException} (which JAX-RS clients wrap in a
 * {@link jakarta.ws.rs.ProcessingException}, and which Portcullis answers 401 or 502 when the resource lets it through),
 * never an anonymous call by surprise. A call that already has an {@code Authorization} header keeps it.
 * <p>
 * On a MicroProfile REST client: {@code @RegisterProvider(OutgoingTokenFilter.class)}, with {@link OutgoingToken} on
 * the interface that declares the methods to choose the source; a call of a method whose declaring interface has no
 * {@link OutgoingToken} is not sent. On a plain JAX-RS client: {@code client.register(OutgoingTokenFilter.callersToken())}
 * or {@code OutgoingTokenFilter.ofClient("warehouse")}. The same on the server and on AWS Lambda.
 */
@Priority(Priorities.AUTHENTICATION)
public final class OutgoingTokenFilter implements ClientRequestFilter {

    /** The MicroProfile REST Client property that holds the interface method being invoked. */
    static final String INVOKED_METHOD = "org.eclipse.microprofile.rest.client.invokedMethod";

    /** The client to use, or null to read it from the invoked interface's {@link OutgoingToken}. */
    private final Optional<String> fixedClient;
    private final boolean fixed;

    /**
     * For {@code @RegisterProvider}: the source is the {@link OutgoingToken} of the interface that declares the invoked
     * method.
     */
    public OutgoingTokenFilter() {
        this(false, Optional.empty());
    }

    private OutgoingTokenFilter(boolean fixed, Optional<String> client) {
        this.fixed = fixed;
        this.fixedClient = client;
    }

    /**
     * A filter that sends the caller's token: for a plain JAX-RS client.
     *
     * @return the filter
     */
    public static OutgoingTokenFilter callersToken() {
        return new OutgoingTokenFilter(true, Optional.empty());
    }

    /**
     * A filter that sends an outgoing client's {@code client_credentials} token: for a plain JAX-RS client.
     *
     * @param client the client's name ({@code auth.clients.<name>})
     * @return the filter
     */
    public static OutgoingTokenFilter ofClient(String client) {
        return new OutgoingTokenFilter(true, Optional.of(client));
    }

    /**
     * The running container's relying party, as Portcullis' extension publishes it: a CDI look-up on every call was
     * two thirds of the filter's cost (benchmarks, section 8). Read per call, not kept, since a filter of a client held
     * in a static field can outlive the container it was made in.
     */
    private static OidcRelyingParty relyingParty() {
        return PortcullisCdiExtension.runningRelyingParty()
                .orElseGet(() -> CDI.current().select(OidcRelyingParty.class).get());
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        OidcRelyingParty relyingParty = relyingParty();
        Optional<String> client = fixed ? fixedClient : clientOf(request.getProperty(INVOKED_METHOD), relyingParty);
        String token = client.isPresent()
                ? relyingParty.outgoingClientToken(client.get(), CallerToken.current())
                : CallerToken.current().map(CallerAccessToken::accessToken).orElseThrow(relyingParty::noCallerToken);
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    /**
     * The outgoing client the interface that declares the invoked method names. That interface must carry
     * {@link OutgoingToken}: a method inherited from an interface without it (a shared base interface) could otherwise
     * send the caller's token where the sub-interface meant this service's own, so such a call is not sent.
     */
    static Optional<String> clientOf(Object invokedMethod, OidcRelyingParty relyingParty) {
        OutgoingToken annotation = invokedMethod instanceof Method method
                ? method.getDeclaringClass().getAnnotation(OutgoingToken.class)
                : null;
        if (annotation == null) {
            throw relyingParty.outgoingTokenUnchosen();
        }
        return annotation.client().isEmpty() ? Optional.empty() : Optional.of(annotation.client());
    }
}
