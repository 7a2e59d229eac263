package dev.portcullis.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bearer-token validation on one thread, RS256 with RSA-2048, through the real relying party
 * ({@link OidcRelyingParty#verifyBearer(String)}, configured for an Auth0 tenant and a Cognito user pool on a
 * loopback provider, discovery and keys fetched in the setup), against the JDK's own {@code SHA256withRSA}
 * verification of the same signature over the same bytes.
 * <ul>
 *   <li>{@code *_rawJdkVerify}: the baseline: one {@link Signature}, {@code initVerify}, {@code update} with the
 *   token's signing input, {@code verify}; nothing parsed.</li>
 *   <li>{@code *_verifyBearer}: the same token presented again, as an API client does (the relying party remembers
 *   verified tokens until their {@code exp}); each call gets a new {@code String}, as each request does.</li>
 *   <li>{@code *_verifyBearerFirstSight}: a token the relying party has not seen: parse, signature, claims, every
 *   time (more distinct tokens in turn than it remembers).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenValidationBenchmark {

    /** More distinct tokens than the relying party remembers (1024), so none is found in its memory. */
    static final int FIRST_SIGHT_TOKENS = 1500;

    /**
     * For JMH.
     */
    public TokenValidationBenchmark() {
    }

    /** The loopback provider and the relying party configured against it, keys cached. */
    @State(Scope.Benchmark)
    public static class Setting {
        LoopbackProvider provider;
        OidcRelyingParty relyingParty;
        Presented auth0;
        Presented cognito;

        /**
         * For JMH.
         */
        public Setting() {
        }

        /**
         * Starts the provider, builds the relying party from configuration, fetches discovery and keys, and checks
         * that both tokens verify.
         *
         * @throws Exception when any of it fails
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            provider = LoopbackProvider.start(0);
            Map<String, String> settings = new HashMap<>(provider.settings());
            settings.put("auth.base-url", "https://app.portcullis.bench");
            relyingParty = OidcRelyingParty.create(config(settings), Clock.systemUTC());
            relyingParty.warmUp();
            relyingParty.prime();
            Instant exp = Instant.now().plus(Duration.ofHours(2));
            auth0 = new Presented(provider.auth0AccessToken(exp), provider.auth0PublicKey());
            cognito = new Presented(provider.cognitoAccessToken(exp), provider.cognitoPublicKey());
            expectProvider(relyingParty.verifyBearer(auth0.token()), "auth0");
            expectProvider(relyingParty.verifyBearer(cognito.token()), "cognito");
        }

        /** Stops the provider. */
        @TearDown(Level.Trial)
        public void stop() {
            provider.close();
        }
    }

    /** One {@code SHA256withRSA} verifier, as a caller of the JDK would keep it. */
    @State(Scope.Thread)
    public static class RawVerifier {
        Signature signature;

        /**
         * For JMH.
         */
        public RawVerifier() {
        }

        /**
         * Gets the JDK's verifier.
         *
         * @throws GeneralSecurityException when the JDK has none
         */
        @Setup(Level.Trial)
        public void create() throws GeneralSecurityException {
            signature = Signature.getInstance("SHA256withRSA");
        }

        boolean verify(Presented presented) throws GeneralSecurityException {
            signature.initVerify(presented.publicKey());
            signature.update(presented.signingInput());
            return signature.verify(presented.signature());
        }
    }

    /** Auth0 tokens the relying party has not seen, presented in turn. */
    @State(Scope.Benchmark)
    public static class NewAuth0Tokens extends Rotation {
        /**
         * For JMH.
         */
        public NewAuth0Tokens() {
        }

        /**
         * Mints the tokens.
         *
         * @param setting the provider
         */
        @Setup(Level.Trial)
        public void mint(Setting setting) {
            Instant exp = Instant.now().plus(Duration.ofHours(2));
            mint(() -> setting.provider.auth0AccessToken(exp));
        }
    }

    /** Cognito tokens the relying party has not seen, presented in turn. */
    @State(Scope.Benchmark)
    public static class NewCognitoTokens extends Rotation {
        /**
         * For JMH.
         */
        public NewCognitoTokens() {
        }

        /**
         * Mints the tokens.
         *
         * @param setting the provider
         */
        @Setup(Level.Trial)
        public void mint(Setting setting) {
            Instant exp = Instant.now().plus(Duration.ofHours(2));
            mint(() -> setting.provider.cognitoAccessToken(exp));
        }
    }

    /**
     * JDK verification of the Auth0 token's signature.
     *
     * @param setting  the tokens
     * @param verifier the JDK's verifier
     * @return whether it verified
     * @throws GeneralSecurityException never, for a valid key
     */
    @Benchmark
    public boolean auth0_rawJdkVerify(Setting setting, RawVerifier verifier) throws GeneralSecurityException {
        return verifier.verify(setting.auth0);
    }

    /**
     * The relying party's verification of the Auth0 token, presented again.
     *
     * @param setting the relying party and token
     * @return the caller
     */
    @Benchmark
    public Identity auth0_verifyBearer(Setting setting) {
        return setting.relyingParty.verifyBearer(setting.auth0.freshCopy());
    }

    /**
     * The relying party's verification of Auth0 tokens it has not seen.
     *
     * @param setting the relying party
     * @param tokens  the tokens
     * @return the caller
     */
    @Benchmark
    public Identity auth0_verifyBearerFirstSight(Setting setting, NewAuth0Tokens tokens) {
        return setting.relyingParty.verifyBearer(tokens.next());
    }

    /**
     * JDK verification of the Cognito token's signature.
     *
     * @param setting  the tokens
     * @param verifier the JDK's verifier
     * @return whether it verified
     * @throws GeneralSecurityException never, for a valid key
     */
    @Benchmark
    public boolean cognito_rawJdkVerify(Setting setting, RawVerifier verifier) throws GeneralSecurityException {
        return verifier.verify(setting.cognito);
    }

    /**
     * The relying party's verification of the Cognito token, presented again.
     *
     * @param setting the relying party and token
     * @return the caller
     */
    @Benchmark
    public Identity cognito_verifyBearer(Setting setting) {
        return setting.relyingParty.verifyBearer(setting.cognito.freshCopy());
    }

    /**
     * The relying party's verification of Cognito tokens it has not seen.
     *
     * @param setting the relying party
     * @param tokens  the tokens
     * @return the caller
     */
    @Benchmark
    public Identity cognito_verifyBearerFirstSight(Setting setting, NewCognitoTokens tokens) {
        return setting.relyingParty.verifyBearer(tokens.next());
    }

    /** Distinct tokens, each presented as a new string, in turn. */
    abstract static class Rotation {
        private byte[][] tokens;
        private int next;

        void mint(Supplier<String> minter) {
            tokens = new byte[FIRST_SIGHT_TOKENS][];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = minter.get().getBytes(StandardCharsets.US_ASCII);
            }
        }

        String next() {
            byte[] token = tokens[next];
            next = next + 1 == tokens.length ? 0 : next + 1;
            return new String(token, StandardCharsets.US_ASCII);
        }
    }

    /**
     * A token with what the JDK needs to verify its signature.
     *
     * @param token        the compact JWS
     * @param tokenBytes   its bytes, as they arrive in a request
     * @param signingInput the signed bytes: header and payload
     * @param signature    the signature
     * @param publicKey    the provider's key
     */
    record Presented(String token, byte[] tokenBytes, byte[] signingInput, byte[] signature, RSAPublicKey publicKey) {

        Presented(String token, RSAKey key) throws java.text.ParseException, JOSEException {
            this(token, token.getBytes(StandardCharsets.US_ASCII), SignedJWT.parse(token).getSigningInput(),
                    SignedJWT.parse(token).getSignature().decode(), key.toRSAPublicKey());
        }

        /** The token as a new string, as each request reads it from its header. */
        String freshCopy() {
            return new String(tokenBytes, StandardCharsets.US_ASCII);
        }
    }

    private static void expectProvider(Identity identity, String provider) {
        if (!identity.provider().equals(provider)) {
            throw new IllegalStateException("verified as " + identity.provider() + ", not " + provider);
        }
    }

    private static Config config(Map<String, String> settings) {
        ConfigSource source = new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return settings.keySet();
            }

            @Override
            public String getValue(String propertyName) {
                return settings.get(propertyName);
            }

            @Override
            public String getName() {
                return "benchmark settings";
            }
        };
        return ConfigProviderResolver.instance().getBuilder().withSources(source).build();
    }
}
