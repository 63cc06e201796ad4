package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty answers by itself (a malformed request line, headers too large, a failed request)
 * as the JSON-RPC error body every other answer has. The text is the status's standard reason,
 * never an exception message, which may quote what the client sent.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper = JsonMappers.create();

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpReply.JSON);
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, HttpReply.JSON);
        return ByteBuffer.wrap(body(status));
    }

    private byte[] body(int status) {
        int code = status >= 500 ? JsonRpcErrors.INTERNAL_ERROR : JsonRpcErrors.INVALID_REQUEST;
        String reason = HttpStatus.getMessage(status);
        try {
            return mapper.writeValueAsBytes(JsonRpc.error(null, code, reason == null ? "HTTP " + status : reason));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
