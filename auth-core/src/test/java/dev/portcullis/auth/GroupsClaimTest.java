package dev.portcullis.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider's groups claim becomes the caller's roles: a JSON array of strings, or one space-separated string. */
class GroupsClaimTest {

    @Test
    void arrayOfStringsGivesThoseGroupsInOrder() {
        assertThat(GroupsClaim.read(List.of("admins", "users", "admins"))).containsExactly("admins", "users");
    }

    @Test
    void blankAndNonStringItemsAreIgnored() {
        assertThat(GroupsClaim.read(Arrays.asList("admins", "", " ", null, 42, List.of("nested"), "users")))
                .containsExactly("admins", "users");
    }

    @Test
    void spaceSeparatedStringIsSplit() {
        assertThat(GroupsClaim.read("  read:users\twrite:users  read:users ")).containsExactly("read:users", "write:users");
    }

    @Test
    void absentOrUnsupportedValueGivesNoGroups() {
        assertThat(GroupsClaim.read(null)).isEmpty();
        assertThat(GroupsClaim.read("")).isEmpty();
        assertThat(GroupsClaim.read("   ")).isEmpty();
        assertThat(GroupsClaim.read(42L)).isEmpty();
        assertThat(GroupsClaim.read(true)).isEmpty();
        assertThat(GroupsClaim.read(Map.of("admins", true))).isEmpty();
        assertThat(GroupsClaim.read(List.of())).isEmpty();
    }
}
