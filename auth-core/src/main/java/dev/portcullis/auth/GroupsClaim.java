package dev.portcullis.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a provider's groups claim: a JSON array of strings (Cognito {@code cognito:groups}, Auth0
 * {@code permissions}, most others), or one string of space-separated values.
 */
final class GroupsClaim {

    private GroupsClaim() {
    }

    static Set<String> read(Object value) {
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String group && !group.isBlank()) {
                    groups.add(group);
                }
            }
        } else if (value instanceof String text) {
            for (String group : text.trim().split("\\s+")) {
                if (!group.isEmpty()) {
                    groups.add(group);
                }
            }
        }
        return groups;
    }
}
