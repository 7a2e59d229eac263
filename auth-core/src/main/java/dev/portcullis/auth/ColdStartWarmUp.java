package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

/**
 * The relying party's first-use costs that need no configuration, paid on a background thread while the application's
 * container boots, as Spring Boot's background pre-initialiser does: the JDK's default TLS context (its trust store
 * parsed), the JDK HTTP client, the RSA and JSON code of a token check, the AES-GCM code of a session cookie. Each is
 * a class loaded and initialised once per JVM; whichever thread gets there first pays, so on a second core the boot
 * thread finds them ready, and on one core the work is the same as without the warm-up.
 * <p>
 * Nothing here is kept or trusted: the token and key below were made for this warm-up alone and verify nothing else;
 * the sealed cookie uses a key of zeros and is thrown away. A failure is logged at {@code DEBUG} and ignored: the
 * real first use does the same work and reports its own errors.
 */
public final class ColdStartWarmUp {

    private static final System.Logger LOG = System.getLogger(ColdStartWarmUp.class.getName());

    /** A public key made for the warm-up only (its private half was thrown away). */
    private static final String KEY = """
            {"keys":[{"kty":"RSA","e":"AQAB","kid":"warm-up","n":"m60V6kO0MYapQ8XeAd5Kbb57bZpM0DnzensCZD3N5l5vAJm4laHsQzSPYnnrlUiI-hUAP0vwjNHFfv5O0pa2YjaBezKCGHWjYUloY7pTS2XlPaWvWBebqjVMmO6S41V4T-Dp8DRc1lTYs3YgvLW1uTP0Bl0kPw59kmYs2tS6j3a16Yw0EyGwHsOS0nQXBP2nIWCrNLpOHtJhyzXqE9p2drtAPgiQ6--DZGOuR_VXcxCIdd1Mh9JzHn35dAvqq-7FvzOxORGzteDTUOm6gKNm-lJ-MRgZoxScrcMuDgOfIdBPORHlGimjiFHUTojoLPztmoy1RcEb8bedkmrEsbkiMw"}]}""";
    /** A token signed by that key, expired in 1970: it could pass no check anywhere. */
    private static final String TOKEN = "eyJraWQiOiJ3YXJtLXVwIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJpc3MiOiJodHRwczovL3dhcm0tdXAuaW52YWxpZC8iLCJzdWIiOiJ3YXJtLXVwIiwiYXVkIjoid2FybS11cCIsImV4cCI6MH0.hBILJ6IxkabuGPGNWGSX5ivR9gB3D9UTk_fjysbdkDewZFNiw1K9FB2IrOQAGdPSzK7w0036__-mHVsgzXxUXjbt7CUyT6iGrMFhS5A1JnVpqvY0877-AAAFOqmuqUyjVMLqMmKVE_2UAyoT9_FE-_lPmKMIpNemNEIMbRjV7ebEbZQG5kJrNvbUXlZs-B84n_vgskkDZX-vsLWX6HeuDvXMolx210WLELg5GTGTGbmWY8-5alm_Cx1E70vrAZKzxotYmGj6QVs5WF7bGhiKSSz7nGsQHqFGMXlyMu-wuLdhOHdQ3btglwGrQnovG8FFP52YyycQXFzuiPBQvAjp2Q";

    private ColdStartWarmUp() {
    }

    /**
     * Does the warm-up on the calling thread: meant for a background thread started before the container boots.
     * Never throws.
     */
    public static void warmUp() {
        run();
    }

    /** The steps, in order; the names of those that failed (none, unless the JDK or a library changed under us). */
    static List<String> run() {
        List<String> failed = new ArrayList<>();
        step("TLS", () -> SSLContext.getDefault(), failed);
        step("HTTP client", ColdStartWarmUp::httpClient, failed);
        step("token check", ColdStartWarmUp::tokenCheck, failed);
        step("session cookie", ColdStartWarmUp::sealedCookie, failed);
        return failed;
    }

    private static void httpClient() throws Exception {
        // built and shut down at once: nothing is sent; the relying party's own clients are built with its bounds
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest.newBuilder(URI.create("https://warm-up.invalid/")).timeout(Duration.ofSeconds(1)).GET().build();
        HttpResponse.BodyHandlers.ofByteArray();
        client.shutdownNow();
    }

    private static void tokenCheck() throws Exception {
        RSAKey key = JWKSet.parse(KEY).getKeys().getFirst().toRSAKey();
        SignedJWT token = SignedJWT.parse(TOKEN);
        if (!token.verify(new RSASSAVerifier(key))) {
            throw new IllegalStateException("the warm-up token does not verify");
        }
        token.getJWTClaimsSet();
    }

    private static void sealedCookie() throws Exception {
        byte[] zeros = new byte[32];
        JWEObject sealed = new JWEObject(new JWEHeader(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM), new Payload("{}"));
        sealed.encrypt(new AESEncrypter(zeros));
        JWEObject.parse(sealed.serialize()).decrypt(new AESDecrypter(zeros));
        new SecureRandom().nextBytes(zeros);
    }

    private static void step(String name, Step step, List<String> failed) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            failed.add(name);
            LOG.log(Level.DEBUG, "warm-up of the {0} failed: {1}", name, e.getClass().getName());
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
