package dev.recsys.platform.job;

import java.util.ArrayList;
import java.util.List;

/** The columns of its own a job kind writes with its progress or end: {@code SET} assignments and their values. */
public final class ColumnValues {

    private final List<String> assignments = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    public static ColumnValues none() {
        return new ColumnValues();
    }

    /** {@code jsonText} goes into a jsonb column. */
    public static ColumnValues json(String column, String jsonText) {
        return new ColumnValues().andJson(column, jsonText);
    }

    public ColumnValues andJson(String column, String jsonText) {
        assignments.add(column + " = ?::jsonb");
        values.add(jsonText);
        return this;
    }

    /** {@code ", a = ?, b = ?::jsonb"}, or empty: to follow the table's own assignments. */
    String assignments() {
        return assignments.stream().map(a -> ", " + a).reduce("", String::concat);
    }

    List<Object> values() {
        return values;
    }
}
