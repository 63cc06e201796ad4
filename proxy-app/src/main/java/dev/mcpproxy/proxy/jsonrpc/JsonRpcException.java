package dev.mcpproxy.proxy.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/** A request cannot be answered; becomes the JSON-RPC {@code error} of its response. */
public class JsonRpcException extends Exception {
    private final int code;
    private final transient JsonNode data;

    public JsonRpcException(int code, String message) {
        this(code, message, null);
    }

    public JsonRpcException(int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public int code() {
        return code;
    }

    public JsonNode data() {
        return data;
    }
}
