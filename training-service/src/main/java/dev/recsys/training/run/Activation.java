package dev.recsys.training.run;

import com.fasterxml.jackson.annotation.JsonValue;

/** A training request's {@code activate}: whether the new version becomes the active one. */
public enum Activation {
    NEVER("never"),
    /** Only a version that beats the baselines and the active version (see {@link ActivationPolicy}). */
    IF_BETTER("if-better"),
    ALWAYS("always");

    private final String json;

    Activation(String json) {
        this.json = json;
    }

    /** The value in JSON (requests, stored params) and in messages. */
    @JsonValue
    @Override
    public String toString() {
        return json;
    }
}
