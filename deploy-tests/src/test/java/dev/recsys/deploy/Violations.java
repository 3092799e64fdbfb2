package dev.recsys.deploy;

import java.util.ArrayList;
import java.util.List;

/** Collects every broken rule of a check, so that one run names all offending objects at once. */
final class Violations {

    private final String check;
    private final List<String> found = new ArrayList<>();

    Violations(String check) {
        this.check = check;
    }

    /** Records {@code message} unless {@code ok}. */
    void require(boolean ok, String message) {
        if (!ok) {
            found.add(message);
        }
    }

    void add(String message) {
        found.add(message);
    }

    void assertNone() {
        if (!found.isEmpty()) {
            throw new AssertionError(check + ": " + found.size() + " problem(s)\n  - " + String.join("\n  - ", found));
        }
    }
}
