package dev.portcullis.auth;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.nimbusds.jose.CriticalHeaderParamsAware;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.crypto.impl.RSASSA;
import com.nimbusds.jose.crypto.impl.RSASSAProvider;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;

/**
 * Nimbus's verifier factory, except for RSA signatures (RS256 to PS512), which are checked the way Nimbus's
 * {@link RSASSAVerifier} checks them but with JDK {@link Signature}s kept per key and algorithm and reused: Nimbus's
 * verifier looks the algorithm up among the security providers and initialises it with the key for every token, which
 * costs a noticeable part of a token check besides the RSA operation itself. A reused {@code Signature} is back in its
 * just-initialised state after each {@code verify}; one that threw is dropped, not reused. Other algorithms (ECDSA; HMAC,
 * which the allow-list refuses before any key is chosen) get Nimbus's own verifiers. Thread-safe: a {@code Signature} is
 * used by one verification at a time.
 * <p>
 * A verifier is found by the identity of the key: the key selector hands out the one Java key it made for each key of the
 * set ({@link VerificationKeys}), and only keys of the provider's current set, so a verifier here never makes a removed
 * key usable.
 */
final class ReusedRsaVerifiers implements JWSVerifierFactory {

    /** More keys than a provider's set holds at once, with every algorithm tried; past it the memory starts afresh. */
    private static final int MAX_VERIFIERS = 64;
    /** Idle {@code Signature}s kept per key: enough for the verifications running at once on this machine. */
    private static final int IDLE_SIGNATURES = Math.min(32, 2 * Runtime.getRuntime().availableProcessors());

    private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();
    private final ConcurrentHashMap<KeyAndAlgorithm, Verifier> verifiers = new ConcurrentHashMap<>();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!(key instanceof RSAPublicKey rsaKey) || !RSASSAVerifier.SUPPORTED_ALGORITHMS.contains(algorithm)) {
            return nimbus.createJWSVerifier(header, key);
        }
        KeyAndAlgorithm id = new KeyAndAlgorithm(rsaKey, algorithm);
        Verifier verifier = verifiers.get(id);
        if (verifier == null) {
            if (verifiers.size() >= MAX_VERIFIERS) {
                verifiers.clear();
            }
            verifier = verifiers.computeIfAbsent(id, k -> new Verifier(rsaKey, algorithm, nimbus.getJCAContext().getProvider()));
        }
        return verifier;
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return nimbus.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
        return nimbus.getJCAContext();
    }

    /** A key, by identity (comparing keys by value would hash their encoding for every token), and an algorithm. */
    private record KeyAndAlgorithm(Key key, JWSAlgorithm algorithm) {
        @Override
        public boolean equals(Object other) {
            return other instanceof KeyAndAlgorithm that && key == that.key && algorithm.equals(that.algorithm);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(key) + algorithm.hashCode();
        }
    }

    /**
     * {@link RSASSAVerifier#verify(JWSHeader, byte[], Base64URL)} for one key and algorithm, step for step: the critical
     * header rule first (none is understood), a signature exception is an invalid signature.
     */
    static final class Verifier extends RSASSAProvider implements JWSVerifier, CriticalHeaderParamsAware {

        private final CriticalHeaderParamsDeferral critPolicy = new CriticalHeaderParamsDeferral();
        private final RSAPublicKey key;
        private final JWSAlgorithm algorithm;
        private final AtomicReferenceArray<Signature> idle = new AtomicReferenceArray<>(IDLE_SIGNATURES);

        Verifier(RSAPublicKey key, JWSAlgorithm algorithm, Provider provider) {
            this.key = key;
            this.algorithm = algorithm;
            getJCAContext().setProvider(provider);
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!critPolicy.headerPasses(header)) {
                return false;
            }
            if (!algorithm.equals(header.getAlgorithm())) {
                // made for the header's algorithm by the factory; a verifier never checks with another one
                throw new JOSEException("verifier for " + algorithm + " given a " + header.getAlgorithm() + " signature");
            }
            Signature verifier = take();
            boolean valid;
            try {
                verifier.update(signingInput);
                valid = verifier.verify(decode(signature));
            } catch (SignatureException e) {
                return false;
            }
            give(verifier);
            return valid;
        }

        private Signature take() throws JOSEException {
            for (int i = 0; i < IDLE_SIGNATURES; i++) {
                if (idle.get(i) != null) {
                    Signature signature = idle.getAndSet(i, null);
                    if (signature != null) {
                        return signature;
                    }
                }
            }
            Signature signature = RSASSA.getSignerAndVerifier(algorithm, getJCAContext().getProvider());
            try {
                signature.initVerify(key);
            } catch (InvalidKeyException e) {
                throw new JOSEException("Invalid public RSA key: " + e.getMessage(), e);
            }
            return signature;
        }

        private void give(Signature signature) {
            for (int i = 0; i < IDLE_SIGNATURES; i++) {
                if (idle.get(i) == null && idle.compareAndSet(i, null, signature)) {
                    return;
                }
            }
        }

        /**
         * The signature's bytes: the JDK's decoder, which gives the same bytes as Nimbus's for the canonical base64url a
         * parsed token has (see {@link TokenVerifier#parseSigned(String)}) in a fraction of the time; anything else it
         * refuses is decoded as Nimbus decodes it.
         */
        private static byte[] decode(Base64URL signature) {
            try {
                return Base64.getUrlDecoder().decode(signature.toString());
            } catch (IllegalArgumentException e) {
                return signature.decode();
            }
        }

        @Override
        public Set<String> getProcessedCriticalHeaderParams() {
            return critPolicy.getProcessedCriticalHeaderParams();
        }

        @Override
        public Set<String> getDeferredCriticalHeaderParams() {
            return critPolicy.getDeferredCriticalHeaderParams();
        }
    }
}
