package dev.portcullis.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every vector of Wycheproof's JSON Web Signature and JSON Web Key test files (C2SP/wycheproof, {@code testvectors_v1})
 * through the header and signature step production uses, {@link JwsCheck}, after {@link TokenVerifier#parseSigned}.
 * Claims are not what these vectors test, so no claim rule runs.
 * <p>
 * Each group's key set (its public keys where it has them, else its secret keys) is served to the check the way
 * production reads a provider's JWKS (parsed by Nimbus's URL-based JWK set source, here from memory), and the allowed
 * algorithms are those the group's keys name in {@code alg}, or, without one, every algorithm of the key's type.
 * That includes HMAC, which production never allows, so the HMAC vectors test the same step too.
 * <p>
 * A {@code valid} vector must verify and an {@code invalid} one must be refused, with {@link TokenRejectedException}
 * ({@code TOKEN_INVALID}), or with {@link ProviderUnavailableException} when its key set cannot even be parsed, as
 * a provider's unreadable JWKS is treated. {@code acceptable} vectors (none in these files) may go either way and
 * are counted. JWE vectors (none in these files) must be refused by this JWS-only step and are counted. The few
 * {@code valid} vectors that production refuses on purpose are listed in {@link #REFUSED_ON_PURPOSE} with the reason,
 * and asserted to be refused. Two {@code invalid} vectors are the very string of a valid one ({@link #MISLABELLED}).
 * <p>
 * The folder comes from the system property {@code wycheproof.dir} (set by the build); when it is absent each file's
 * test is skipped, saying which folder it looked for.
 */
class WycheproofJoseTest {

    private static final String SIGNATURES = "json_web_signature_test.json";
    private static final String KEYS = "json_web_key_test.json";

    private static final String KEY_NAMES_ANOTHER_ALG = "the token's alg (PS384) is not the key's alg (PS256): a key is used only "
            + "with the algorithm it names (RFC 7517 4.4), and the allow-list is the key's alg";
    private static final String KEY_NAMES_NO_JWS_ALG = "the key's alg ES521 is no JWS algorithm (P-521 goes with ES512, RFC 7518 "
            + "3.4), so the key is used with none";
    private static final String NOT_BASE64URL = "a part holds '?', which is no base64url character: RFC 7515 5.2 requires decoding "
            + "without any additional character, and a token with more than one spelling is refused";

    /** Valid vectors refused by design, per file and test case id, with the reason. */
    private static final Map<String, Map<Integer, String>> REFUSED_ON_PURPOSE = Map.of(
            SIGNATURES, Map.of(
                    346, KEY_NAMES_ANOTHER_ALG, 350, KEY_NAMES_ANOTHER_ALG,
                    347, KEY_NAMES_NO_JWS_ALG, 351, KEY_NAMES_NO_JWS_ALG,
                    372, NOT_BASE64URL, 373, NOT_BASE64URL),
            KEYS, Map.of());

    /**
     * Invalid vectors that are byte for byte a valid one (the valid twin's tcId): no verifier can both accept and
     * refuse the same string, so they are asserted to be identical to their twin and to verify like it. Reported
     * upstream as C2SP/wycheproof#236.
     */
    private static final Map<String, Map<Integer, Integer>> MISLABELLED = Map.of(
            SIGNATURES, Map.of(367, 357, 370, 357),
            KEYS, Map.of());

    private enum Outcome { VERIFIED, REFUSED, KEYS_UNREADABLE }

    @TestFactory
    Stream<DynamicNode> jsonWebSignatureVectors() throws IOException {
        return vectors(SIGNATURES);
    }

    @TestFactory
    Stream<DynamicNode> jsonWebKeyVectors() throws IOException {
        return vectors(KEYS);
    }

    private Stream<DynamicNode> vectors(String file) throws IOException {
        String configured = System.getProperty("wycheproof.dir");
        Path folder = configured == null ? null : Path.of(configured).toAbsolutePath().normalize();
        if (folder == null || !Files.isDirectory(folder)) {
            // a skipped test rather than an aborted factory, which the build's report would not count at all
            String why = folder == null ? "system property wycheproof.dir is not set" : "Wycheproof vectors folder " + folder + " is absent";
            return Stream.of(DynamicTest.dynamicTest(file, () -> assumeTrue(false, why + ": " + file + " skipped")));
        }
        Path path = folder.resolve(file);
        assertThat(path).as("Wycheproof folder %s is present but lacks %s", folder, file).isRegularFile();
        Map<String, Object> root;
        try {
            root = JSONObjectUtils.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException(path + " is not JSON", e);
        }
        Tally tally = new Tally(file);
        Map<Integer, String> jwsById = new HashMap<>();
        List<DynamicNode> tests = new ArrayList<>();
        for (Object groupObject : (List<?>) root.get("testGroups")) {
            Map<String, Object> group = map(groupObject);
            Group keys = new Group(group);
            for (Object testObject : (List<?>) group.get("tests")) {
                Vector vector = new Vector(map(testObject));
                jwsById.put(vector.id(), vector.jws());
                tests.add(DynamicTest.dynamicTest(vector.name(group), () -> run(file, keys, vector, jwsById, tally)));
            }
        }
        long declared = ((Number) root.get("numberOfTests")).longValue();
        tests.add(DynamicTest.dynamicTest("every vector ran and the summary adds up", () -> {
            System.out.println(tally.summary());
            assertThat(tally.run).as("vectors run").isEqualTo(declared);
            assertThat(tally.validVerified + tally.validRefusedOnPurpose).as("valid vectors accounted for").isEqualTo(tally.valid);
            assertThat(tally.validRefusedOnPurpose).as("valid vectors refused on purpose")
                    .isEqualTo(REFUSED_ON_PURPOSE.get(file).size());
            assertThat(tally.invalidMislabelled).as("invalid vectors identical to a valid one").isEqualTo(MISLABELLED.get(file).size());
            assertThat(tally.invalidRefused + tally.invalidMislabelled).as("invalid vectors refused").isEqualTo(tally.invalid);
            assertThat(tally.jweRefused).as("JWE vectors refused").isEqualTo(tally.jwe);
        }));
        return tests.stream();
    }

    private static void run(String file, Group group, Vector vector, Map<Integer, String> jwsById, Tally tally) {
        Outcome outcome = group.verify(vector.jws());
        tally.run++;
        if (vector.isJwe()) {
            tally.jwe++;
            assertThat(outcome).as("a JWE is not a JWS").isNotEqualTo(Outcome.VERIFIED);
            tally.jweRefused++;
        }
        if (outcome == Outcome.KEYS_UNREADABLE) {
            assertThat(group.parses()).as("only a key set Nimbus cannot parse makes the keys unavailable").isFalse();
            tally.keysUnreadable++;
        }
        switch (vector.result()) {
            case "valid" -> {
                tally.valid++;
                String reason = REFUSED_ON_PURPOSE.get(file).get(vector.id());
                if (reason == null) {
                    assertThat(outcome).as("valid vector").isEqualTo(Outcome.VERIFIED);
                    tally.validVerified++;
                } else {
                    assertThat(outcome).as("valid vector refused on purpose: %s", reason).isNotEqualTo(Outcome.VERIFIED);
                    tally.validRefusedOnPurpose++;
                }
            }
            case "invalid" -> {
                tally.invalid++;
                Integer twin = MISLABELLED.get(file).get(vector.id());
                if (twin == null) {
                    assertThat(outcome).as("invalid vector").isNotEqualTo(Outcome.VERIFIED);
                    tally.invalidRefused++;
                } else {
                    assertThat(vector.jws()).as("identical to valid tcId %d", twin).isEqualTo(jwsById.get(twin));
                    assertThat(outcome).as("verifies like valid tcId %d", twin).isEqualTo(Outcome.VERIFIED);
                    tally.invalidMislabelled++;
                }
            }
            case "acceptable" -> tally.acceptable.merge(outcome, 1, Integer::sum);
            default -> throw new AssertionError("unknown result " + vector.result());
        }
    }

    /** One test group: its key set, served as a provider's JWKS, and the algorithms its keys allow. */
    private static final class Group {
        private final String json;
        private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        private final JwsCheck check;

        Group(Map<String, Object> group) {
            Map<String, Object> keys = map(group.containsKey("public") ? group.get("public") : group.get("private"));
            List<?> keyList = keys.containsKey("keys") ? (List<?>) keys.get("keys") : List.of(keys);
            for (Object key : keyList) {
                algorithms.addAll(allowedBy(map(key)));
            }
            this.json = JSONObjectUtils.toJSONString(Map.of("keys", keyList));
            this.check = new JwsCheck("wycheproof", source(json), algorithms, TokenVerifier.ID_TOKEN_TYPES);
        }

        Outcome verify(String jws) {
            try {
                check.verify(TokenVerifier.parseSigned(jws));
                return Outcome.VERIFIED;
            } catch (TokenRejectedException e) {
                assertThat(e.reason()).isEqualTo(Reason.TOKEN_INVALID);
                return Outcome.REFUSED;
            } catch (ProviderUnavailableException e) {
                return Outcome.KEYS_UNREADABLE;
            }
        }

        boolean parses() {
            try {
                JWKSet.parse(json);
                return true;
            } catch (ParseException e) {
                return false;
            }
        }

        /** The key's own {@code alg}, else every algorithm of its key type. */
        private static Set<JWSAlgorithm> allowedBy(Map<String, Object> key) {
            if (key.get("alg") instanceof String alg) {
                return Set.of(JWSAlgorithm.parse(alg));
            }
            return switch (String.valueOf(key.get("kty"))) {
                case "RSA" -> Set.copyOf(JWSAlgorithm.Family.RSA);
                case "EC" -> Set.copyOf(JWSAlgorithm.Family.EC);
                case "oct" -> Set.copyOf(JWSAlgorithm.Family.HMAC_SHA);
                default -> Set.of();
            };
        }

        /** The key set as production reads a JWKS: Nimbus's URL-based source and parser, here from memory. */
        private static JWKSource<SecurityContext> source(String json) {
            URL url;
            try {
                url = URI.create("https://wycheproof.invalid/jwks.json").toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
            return JWKSourceBuilder.<SecurityContext>create(url, requested -> new Resource(json, "application/json"))
                    .refreshAheadCache(false)
                    .cache(false)
                    .rateLimited(false)
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
        }
    }

    private record Vector(int id, String comment, String jws, String result, List<?> flags) {
        Vector(Map<String, Object> test) {
            this(((Number) test.get("tcId")).intValue(), String.valueOf(test.get("comment")), String.valueOf(test.get("jws")),
                    String.valueOf(test.get("result")), (List<?>) test.getOrDefault("flags", List.of()));
        }

        String name(Map<String, Object> group) {
            return "tcId " + id + " " + result + ": " + comment + " [" + group.get("comment") + "]" + (flags.isEmpty() ? "" : " " + flags);
        }

        /** A compact JWE has five parts; a JSON-serialized one has a ciphertext. */
        boolean isJwe() {
            return jws.split("\\.", -1).length == 5 || jws.trim().startsWith("{") && jws.contains("\"ciphertext\"");
        }
    }

    private static final class Tally {
        final String file;
        long run;
        long valid;
        long validVerified;
        long validRefusedOnPurpose;
        long invalid;
        long invalidRefused;
        long invalidMislabelled;
        long keysUnreadable;
        long jwe;
        long jweRefused;
        final Map<Outcome, Integer> acceptable = new EnumMap<>(Outcome.class);

        Tally(String file) {
            this.file = file;
        }

        String summary() {
            return "Wycheproof " + file + ": " + run + " vectors run; valid " + valid + ": " + validVerified + " verified, "
                    + validRefusedOnPurpose + " refused on purpose; invalid " + invalid + ": " + invalidRefused + " refused (" + keysUnreadable
                    + " of them as their key set is unreadable), " + invalidMislabelled
                    + " verified as byte-identical to a valid vector (C2SP/wycheproof#236); acceptable "
                    + acceptable.values().stream().mapToInt(Integer::intValue).sum() + " " + acceptable + "; JWE " + jwe + ": "
                    + jweRefused + " refused";
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }
}
