package dev.recsys.training.run;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.recsys.model.eval.Split;

/** A training request's {@code split}: how the held-out ratings are chosen. */
public enum SplitChoice {
    /** A seeded random share of all ratings. */
    RANDOM("random", Split.Kind.RANDOM),
    /** Each user's latest ratings. */
    TEMPORAL("temporal", Split.Kind.TEMPORAL);

    private final String json;
    private final Split.Kind kind;

    SplitChoice(String json, Split.Kind kind) {
        this.json = json;
        this.kind = kind;
    }

    public Split.Kind kind() {
        return kind;
    }

    /** The value in JSON (requests, stored params and metrics) and in messages. */
    @JsonValue
    @Override
    public String toString() {
        return json;
    }
}
