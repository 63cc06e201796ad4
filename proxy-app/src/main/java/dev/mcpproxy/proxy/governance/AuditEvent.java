package dev.mcpproxy.proxy.governance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts of one governed request, gathered by the stages and written once as a JSON line.
 * Values are strings, numbers, booleans, instants (written in ISO-8601 by the audit writer's thread,
 * off the request's path), lists or maps of those; never raw argument values.
 * Field names are documented in {@code docs/AUDIT.md}.
 */
public final class AuditEvent {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public synchronized AuditEvent put(String field, Object value) {
        if (value != null) {
            fields.put(field, value);
        }
        return this;
    }

    public synchronized Object get(String field) {
        return fields.get(field);
    }

    public synchronized Map<String, Object> fields() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
