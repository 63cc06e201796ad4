package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON-RPC error the demo server answers with instead of a result. */
final class DemoRpcException extends Exception {
    private final int code;
    private final JsonNode data;

    DemoRpcException(int code, String message) {
        this(code, message, null);
    }

    DemoRpcException(int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    int code() {
        return code;
    }

    /** Extra detail for the client, or null. */
    JsonNode data() {
        return data;
    }
}
