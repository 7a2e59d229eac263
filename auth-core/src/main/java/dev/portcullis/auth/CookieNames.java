package dev.portcullis.auth;

/**
 * The names of this module's cookies. On https they carry the {@code __Host-} prefix, which makes the
 * browser insist on {@code Secure}, {@code Path=/} and no {@code Domain}: a sibling subdomain cannot plant
 * or overwrite them.
 */
final class CookieNames {

    private final String session;
    private final String loginState;

    CookieNames(boolean secure) {
        String prefix = secure ? "__Host-" : "";
        this.session = prefix + "portcullis";
        this.loginState = prefix + "portcullis-login";
    }

    /** The first session cookie; further chunks are {@code <name>.1}, {@code <name>.2}, ... */
    String session() {
        return session;
    }

    String sessionChunk(int index) {
        return index == 0 ? session : session + "." + index;
    }

    boolean isSessionChunk(String name) {
        if (name.equals(session)) {
            return true;
        }
        if (!name.startsWith(session + ".")) {
            return false;
        }
        String index = name.substring(session.length() + 1);
        return !index.isEmpty() && index.length() <= 2 && index.chars().allMatch(Character::isDigit);
    }

    String loginState() {
        return loginState;
    }
}
