package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import javax.crypto.SecretKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The keys a token's signature may be checked with: Nimbus's choice from the provider's key set by the token's
 * {@code alg}, {@code kid} and key type (never a key or key location from the token's own headers), narrowed to
 * keys fit to verify with. A key is not used when its {@code key_ops} exclude {@code verify}, when it is an RSA key
 * of fewer than 2048 bits or with the ROCA fingerprint (CVE-2017-15361), or when it is a secret published beside
 * public keys. (The JDK refuses RSA exponents below 3, and Nimbus HMAC secrets shorter than the hash.) A {@code kid}
 * that names two different keys of the token's key type is ambiguous: the token is refused rather than checked
 * against whichever key it fits. A key that is not used is logged once. Thread-safe.
 * <p>
 * A key's fitness and its Java form are worked out once per key, not once per token: a provider's key set holds a
 * handful of keys, and decoding and testing an RSA modulus cost a sizeable part of a token check. The verification's
 * {@link Selection}, when given as Nimbus's security context, learns which key the token could be checked with.
 */
final class VerificationKeys extends JWSVerificationKeySelector<SecurityContext> {

    private static final int MIN_RSA_BITS = 2048;
    /** More keys than any provider publishes at once, rotations included; past it the memory starts afresh. */
    private static final int MAX_REMEMBERED_KEYS = 64;
    /** More headers than a provider's tokens have; a flood of made-up ones only makes the memory start afresh. */
    private static final int MAX_REMEMBERED_HEADERS = 64;

    private static final System.Logger LOG = System.getLogger(VerificationKeys.class.getName());

    /**
     * ROCA: the flawed Infineon generator makes each prime, hence the modulus, a power of 65537 modulo every prime
     * that divides its primorial M; for moduli of 1984 to 4096 bits M is the product of the first 126 primes (2 to
     * 701). Every random modulus fails this test but about one in 2^167.
     */
    private static final int[] ROCA_PRIMES = IntStream.rangeClosed(3, 701)
            .filter(n -> BigInteger.valueOf(n).isProbablePrime(32))
            .toArray();
    private static final BitSet[] ROCA_POWERS_OF_65537 = new BitSet[ROCA_PRIMES.length];

    static {
        for (int i = 0; i < ROCA_PRIMES.length; i++) {
            int prime = ROCA_PRIMES[i];
            BitSet powers = new BitSet(prime);
            long power = 1;
            do {
                powers.set((int) power);
                power = power * 65537 % prime;
            } while (power != 1);
            ROCA_POWERS_OF_65537[i] = powers;
        }
    }

    private final String provider;
    private final Set<JWK> reported = ConcurrentHashMap.newKeySet();
    /** Public keys of the key set, by JWK (equal by value): their Java form, or none when unfit. */
    private final Map<JWK, List<Key>> javaKeys = new ConcurrentHashMap<>();
    /**
     * The same, by the JWK objects of the key set as read: they are handed out again for every token until the set is read
     * anew, and a key's verdict depends on its value only, so an object found here has the verdict its value has.
     */
    private final Map<JwkInstance, List<Key>> javaKeysByInstance = new ConcurrentHashMap<>();
    /** Nimbus's key matchers, by the base64url of the header they were made for. */
    private final Map<String, JWKMatcher> matchers = new ConcurrentHashMap<>();
    /** The verifiers of the Java keys handed out; shared by the checks of this key set. */
    private final ReusedRsaVerifiers verifiers = new ReusedRsaVerifiers();

    VerificationKeys(String provider, Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys) {
        super(algorithms, keys);
        this.provider = provider;
    }

    /** @return the verifiers for the keys this selects */
    ReusedRsaVerifiers verifiers() {
        return verifiers;
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        JWSAlgorithm algorithm = header.getAlgorithm();
        JWKMatcher matcher = isAllowed(algorithm) ? matcher(header) : null;
        if (matcher == null) {
            return List.of();
        }
        List<JWK> matches;
        try {
            // asked with the token's own matcher, so an unknown kid makes the key source re-read the key set (rotation)
            matches = distinct(getJWKSource().get(new JWKSelector(matcher), context));
        } catch (RateLimitReachedException e) {
            // the key set was re-read moments ago: with a copy at hand, this kid is not in it and the token is at fault (a
            // flood of made-up kids must not look like an outage); without one, this asks again and fails: provider down
            getJWKSource().get(new JWKSelector(new JWKMatcher.Builder().build()), context);
            return List.of();
        }
        if (header.getKeyID() != null && matches.size() > 1) {
            // RFC 7517 4.5: a kid may repeat only across key types; two keys of one type leave the choice to the token
            matches.forEach(jwk -> report(jwk, "its kid names another key of its type too"));
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        List<JWK> used = new ArrayList<>();
        for (JWK jwk : matches) {
            List<Key> forJwk = javaKeys(jwk, context);
            if (!forJwk.isEmpty()) {
                keys.addAll(forJwk);
                used.add(jwk);
            }
        }
        if (context instanceof Selection selection) {
            selection.candidates = List.copyOf(used);
        }
        return keys;
    }

    /**
     * Nimbus's matcher for a header, made once per header: a provider's tokens share a handful of headers, and making a
     * matcher costs more than finding it by the header's base64url (which holds everything Nimbus reads to make it).
     */
    private JWKMatcher matcher(JWSHeader header) {
        String spelling = header.toBase64URL().toString();
        JWKMatcher matcher = matchers.get(spelling);
        if (matcher == null) {
            matcher = createJWKMatcher(header);
            if (matcher != null) {
                if (matchers.size() >= MAX_REMEMBERED_HEADERS) {
                    matchers.clear();
                }
                matchers.put(spelling, matcher);
            }
        }
        return matcher;
    }

    /** The keys without repeats, in their order; a loop, not a stream: this runs for every token. */
    private static List<JWK> distinct(List<JWK> keys) {
        List<JWK> distinct = new ArrayList<>(keys.size());
        for (JWK key : keys) {
            if (!distinct.contains(key)) {
                distinct.add(key);
            }
        }
        return distinct;
    }

    /** The Java keys to verify with for one key of the set: none when it is unfit (and that is logged once). */
    private List<Key> javaKeys(JWK jwk, SecurityContext context) throws KeySourceException {
        if (jwk instanceof OctetSequenceKey) {
            // whether a secret is fit depends on the rest of the key set, so it is decided every time
            return convert(jwk, context);
        }
        JwkInstance instance = new JwkInstance(jwk);
        List<Key> known = javaKeysByInstance.get(instance);
        if (known != null) {
            return known;
        }
        known = javaKeys.get(jwk);
        if (known == null) {
            known = convert(jwk, context);
            if (javaKeys.size() >= MAX_REMEMBERED_KEYS) {
                javaKeys.clear();
            }
            javaKeys.put(jwk, known);
        }
        if (javaKeysByInstance.size() >= MAX_REMEMBERED_KEYS) {
            javaKeysByInstance.clear();
        }
        javaKeysByInstance.put(instance, known);
        return known;
    }

    /** A JWK object by identity: hashing a JWK by value hashes every member it has, for every token. */
    private record JwkInstance(JWK jwk) {
        @Override
        public boolean equals(Object other) {
            return other instanceof JwkInstance that && jwk == that.jwk;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(jwk);
        }
    }

    private List<Key> convert(JWK jwk, SecurityContext context) throws KeySourceException {
        Optional<String> unfit = unfitness(jwk, context);
        if (unfit.isPresent()) {
            report(jwk, unfit.get());
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (Key key : KeyConverter.toJavaKeys(List.of(jwk))) {
            if (key instanceof PublicKey || key instanceof SecretKey) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    private Optional<String> unfitness(JWK jwk, SecurityContext context) throws KeySourceException {
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return Optional.of("its key_ops exclude verify");
        }
        if (jwk instanceof RSAKey rsa) {
            BigInteger modulus = rsa.getModulus().decodeToBigInteger();
            if (modulus.bitLength() < MIN_RSA_BITS) {
                return Optional.of("its RSA modulus has " + modulus.bitLength() + " bits, fewer than " + MIN_RSA_BITS);
            }
            if (hasRocaFingerprint(modulus)) {
                return Optional.of("its RSA modulus has the ROCA fingerprint (CVE-2017-15361): it was made by a flawed generator");
            }
        }
        if (jwk instanceof OctetSequenceKey) {
            // HMAC is never on the production allow-list; this keeps the step sound for any allow-list it is given
            List<JWK> all = getJWKSource().get(new JWKSelector(new JWKMatcher.Builder().build()), context);
            if (all.stream().anyMatch(other -> !(other instanceof OctetSequenceKey))) {
                return Optional.of("a secret in a key set with public keys is no secret");
            }
        }
        return Optional.empty();
    }

    static boolean hasRocaFingerprint(BigInteger modulus) {
        for (int i = 0; i < ROCA_PRIMES.length; i++) {
            int residue = modulus.mod(BigInteger.valueOf(ROCA_PRIMES[i])).intValue();
            if (!ROCA_POWERS_OF_65537[i].get(residue)) {
                return false;
            }
        }
        return true;
    }

    private void report(JWK jwk, String why) {
        if (reported.add(jwk)) {
            LOG.log(Level.WARNING, "provider {0}: {1} key {2} of its key set is not used to verify tokens: {3}",
                    provider, jwk.getKeyType(), thumbprint(jwk), why);
        }
    }

    private static String thumbprint(JWK jwk) {
        try {
            return "with SHA-256 thumbprint " + jwk.computeThumbprint();
        } catch (JOSEException e) {
            return "without a thumbprint";
        }
    }

    /**
     * One verification's security context: after Nimbus has asked for the keys, the keys of the set the token could be
     * checked with. When there is exactly one and the signature verified, that key verified it.
     */
    static final class Selection implements SecurityContext {

        private volatile List<JWK> candidates = List.of();

        /** @return the keys of the set the token was checked with, in the order tried */
        List<JWK> candidates() {
            return candidates;
        }
    }
}
