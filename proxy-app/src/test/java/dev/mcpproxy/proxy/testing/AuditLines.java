package dev.mcpproxy.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.StringWriter;
import java.util.function.Predicate;

/** Audit lines written to a {@link StringWriter} by the audit trail's background thread. */
public final class AuditLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLines() {
    }

    /** Waits (at most 10 s) for the first line the predicate wants, and returns it parsed. */
    public static JsonNode await(StringWriter lines, Predicate<JsonNode> wanted) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            for (String line : lines.toString().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode parsed = JSON.readTree(line);
                    if (wanted.test(parsed)) {
                        return parsed;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching audit line in:\n" + lines);
    }
}
