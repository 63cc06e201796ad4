package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Whether the proxy keeps client sessions of its own. */
public enum SessionMode {
    /** No client sessions: any session header is accepted and ignored, GET answers 405. */
    STATELESS,
    /** The proxy issues session ids and keeps one set of upstream sessions per client session. */
    STATEFUL;

    @JsonCreator
    public static SessionMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
