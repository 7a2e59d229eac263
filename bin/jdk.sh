# Sourced by bin/* and .ci/run: points JAVA_HOME at a JDK 21 or newer, or explains why it cannot.
#
# Order: $JAVA_HOME when it is 21+, then the JDKs under /usr/lib/jvm, /usr/java, /opt/java and
# ~/.sdkman/candidates/java (newest first), then the java on PATH.

portcullis_java_major() {
    # prints the feature version of the JDK at $1 (e.g. 25), or nothing when $1 is not a JDK
    local home="$1" version
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    if [ -f "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    fi
    if [ -z "${version:-}" ]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    version=${version#1.}
    echo "${version%%[.+-]*}"
}

portcullis_find_jdk() {
    local candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(portcullis_java_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            echo "$JAVA_HOME"
            return 0
        fi
        echo "note: JAVA_HOME=$JAVA_HOME is not a JDK 21 or newer; looking for one" >&2
    fi
    for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
        [ -d "$candidate" ] || continue
        major=$(portcullis_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"
            best_major="$major"
        fi
    done
    if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(portcullis_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            best="$candidate"
        fi
    fi
    [ -n "$best" ] || return 1
    echo "$best"
}

if ! PORTCULLIS_JDK=$(portcullis_find_jdk); then
    echo "error: no JDK 21 or newer found. Helidon 4 needs Java 21+." >&2
    echo "       Install one (for example: apt-get install openjdk-21-jdk-headless, or Temurin 21/25)" >&2
    echo "       and set JAVA_HOME to it." >&2
    return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$PORTCULLIS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
