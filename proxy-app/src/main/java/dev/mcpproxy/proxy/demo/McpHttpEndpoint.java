package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The Streamable HTTP transport of the demo server, stateless and JSON-only: every POSTed request
 * gets one {@code application/json} response, notifications and responses get 202, GET and DELETE
 * get 405 (no server-to-client stream, no sessions).
 */
final class McpHttpEndpoint extends Handler.Abstract.NonBlocking {
    static final String PATH = "/mcp";
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    /** The demo listens on loopback; a page from any other origin is a DNS-rebinding attempt. */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final DemoMcpServer server;
    private final ObjectMapper json;

    McpHttpEndpoint(DemoMcpServer server, ObjectMapper json) {
        this.server = server;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !isLocal(origin)) {
            refuse(request, response, callback, HttpStatus.FORBIDDEN_403, "Origin not allowed");
        } else if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            refuse(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "This stateless server only accepts POST");
        } else if (!mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).equals("application/json")) {
            refuse(request, response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/json");
        } else if (!acceptsJsonAndEventStream(request.getHeaders().getValuesList(HttpHeader.ACCEPT))) {
            refuse(request, response, callback, HttpStatus.NOT_ACCEPTABLE_406,
                    "Accept must list application/json and text/event-stream");
        } else if (!supportedVersionHeader(request.getHeaders().get("MCP-Protocol-Version"))) {
            refuse(request, response, callback, HttpStatus.BAD_REQUEST_400,
                    "Unsupported MCP-Protocol-Version; supported: " + DemoMcpServer.PROTOCOL_VERSIONS);
        } else if (request.getLength() > MAX_REQUEST_BYTES) {
            refuse(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "Request body too large");
        } else {
            Content.Source.asByteArrayAsync(request, MAX_REQUEST_BYTES, Promise.Invocable.from(
                    InvocationType.NON_BLOCKING, (body, failure) -> {
                        if (failure instanceof IllegalStateException) {
                            // How Jetty reports a body (without Content-Length) over the limit.
                            refuse(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "Request body too large");
                        } else if (failure != null) {
                            writeError(response, callback, HttpStatus.BAD_REQUEST_400,
                                    JsonRpcErrors.INVALID_REQUEST, "Request body unreadable");
                        } else {
                            answer(body, response, callback);
                        }
                    }));
        }
        return true;
    }

    /**
     * An invalid-request error after reading and dropping the rest of the body: a connection with
     * unread bytes is reset or closed after the answer, so the client would miss the answer or,
     * reusing the connection, the next one. A demo server can afford the read.
     */
    private void refuse(Request request, Response response, Callback callback, int status, String message) {
        Runnable refusal = () -> writeError(response, callback, status, JsonRpcErrors.INVALID_REQUEST, message);
        Content.Source.consumeAll(request, Callback.from(refusal, dropped -> refusal.run()));
    }

    private void answer(byte[] body, Response response, Callback callback) {
        JsonNode message;
        try {
            message = json.readTree(body);
        } catch (IOException e) {
            writeError(response, callback, HttpStatus.BAD_REQUEST_400, JsonRpcErrors.PARSE_ERROR, "Parse error");
            return;
        }
        if (message == null || !message.isObject() || !"2.0".equals(message.path("jsonrpc").asText())) {
            writeError(response, callback, HttpStatus.BAD_REQUEST_400, JsonRpcErrors.INVALID_REQUEST,
                    "Expected one JSON-RPC 2.0 message (batches are not supported)");
        } else if (message.has("method") && message.has("id")) {
            writeJson(response, callback, HttpStatus.OK_200, server.handle((ObjectNode) message));
        } else {
            // A notification or a response to a server request: nothing to answer.
            response.setStatus(HttpStatus.ACCEPTED_202);
            callback.succeeded();
        }
    }

    private static boolean isLocal(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String mediaType(String headerValue) {
        return headerValue == null ? "" : headerValue.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static boolean acceptsJsonAndEventStream(List<String> acceptHeaders) {
        List<String> types = acceptHeaders.stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(McpHttpEndpoint::mediaType)
                .toList();
        boolean json = types.contains("application/json") || types.contains("application/*") || types.contains("*/*");
        boolean stream = types.contains("text/event-stream") || types.contains("text/*") || types.contains("*/*");
        return json && stream;
    }

    private static boolean supportedVersionHeader(String version) {
        return version == null || DemoMcpServer.PROTOCOL_VERSIONS.contains(version);
    }

    private void writeError(Response response, Callback callback, int status, int code, String message) {
        ObjectNode error = json.createObjectNode().put("jsonrpc", "2.0").putNull("id");
        error.putObject("error").put("code", code).put("message", message);
        writeJson(response, callback, status, error);
    }

    private void writeJson(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
