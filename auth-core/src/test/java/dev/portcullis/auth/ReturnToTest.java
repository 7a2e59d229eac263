package dev.portcullis.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The return path after sign-in stays inside this service: anything that could leave it becomes "/". */
class ReturnToTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/me", "/api/me?x=1", "/a/b/c?x=1&y=%2F", "/%41pi", "/api/me?next=//evil"})
    void plainAbsolutePathIsKeptAsIs(String path) {
        assertThat(ReturnTo.parse(path).path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil",
            "http://evil/",
            "//evil",
            "//evil/path",
            "///evil",
            "/\\evil",
            "\\\\evil",
            "\\/evil",
            "/api\\..\\evil",
            "https://app@evil",
            "https:evil",
            "https:/evil",
            "%2F%2Fevil",
            "/%2F%2Fevil",
            "/%2f/evil",
            "/%5cevil",
            "/%5C%5Cevil",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "api/me",
            "./api",
            "?x=1",
            "#/api"})
    void otherOriginOrNonPathBecomesRoot(String requested) {
        assertThat(ReturnTo.parse(requested)).isEqualTo(ReturnTo.ROOT);
        assertThat(ReturnTo.parse(requested).path()).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/\tevil", "/\t/evil", "\t//evil", "/\n/evil", "/api\r\nSet-Cookie: x=1", "/api me", " /api",
            "/api/me ", "/\u0000", "/\u007f", "/\u2028", "/\u202eevil", "/\u00a0", "/\u3000", "/\ue000"})
    void controlWhitespaceAndInvisibleCharactersBecomeRoot(String requested) {
        assertThat(ReturnTo.parse(requested)).isEqualTo(ReturnTo.ROOT);
    }

    @Test
    void otherNonAsciiTextIsKeptPercentEncoded() {
        assertThat(ReturnTo.parse("/caf\u00e9?q=cr\u00e8me br\u00fbl\u00e9e".replace(" ", "+")).path())
                .isEqualTo("/caf%C3%A9?q=cr%C3%A8me+br%C3%BBl%C3%A9e");
        assertThat(ReturnTo.parse("/%2Fapi").path()).as("only a leading encoded slash is refused").isEqualTo("/");
        assertThat(ReturnTo.parse("/a%2Fb").path()).isEqualTo("/a%2Fb");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingValueBecomesRoot(String requested) {
        assertThat(ReturnTo.parse(requested)).isEqualTo(ReturnTo.ROOT);
    }

    @Test
    void threeKilobytePathBecomesRoot() {
        String longPath = "/" + "a".repeat(3 * 1024);

        assertThat(ReturnTo.parse(longPath)).isEqualTo(ReturnTo.ROOT);
    }

    @Test
    void pathOfExactly2048CharactersIsKeptAndOneMoreIsNot() {
        String atLimit = "/" + "a".repeat(2047);
        String overLimit = atLimit + "a";

        assertThat(ReturnTo.parse(atLimit).path()).isEqualTo(atLimit);
        assertThat(ReturnTo.parse(overLimit)).isEqualTo(ReturnTo.ROOT);
    }

    @Test
    void fragmentIsDropped() {
        assertThat(ReturnTo.parse("/page#section").path()).isEqualTo("/page");
        assertThat(ReturnTo.parse("/api/me?x=1#frag").path()).isEqualTo("/api/me?x=1");
    }

    @Test
    void malformedUriBecomesRoot() {
        assertThat(ReturnTo.parse("/api/%zz")).isEqualTo(ReturnTo.ROOT);
        assertThat(ReturnTo.parse("/api/{x}")).isEqualTo(ReturnTo.ROOT);
    }

    @Test
    void equalPathsAreEqualValues() {
        assertThat(ReturnTo.parse("/api/me")).isEqualTo(ReturnTo.parse("/api/me")).hasSameHashCodeAs(ReturnTo.parse("/api/me"));
        assertThat(ReturnTo.parse("/api/me")).isNotEqualTo(ReturnTo.parse("/api/you"));
        assertThat(ReturnTo.parse("/api/me")).hasToString("/api/me");
    }
}
