package dev.mcpproxy.proxy.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dimension values of one metric series, in a stable order; equal maps are the same series. */
public record Dimensions(Map<String, String> values) {

    public static final Dimensions NONE = new Dimensions(Map.of());

    public Dimensions {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Dimensions of(String name, String value) {
        return new Dimensions(Map.of(name, value));
    }

    public static Dimensions of(String name1, String value1, String name2, String value2) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(name1, value1);
        values.put(name2, value2);
        return new Dimensions(values);
    }
}
