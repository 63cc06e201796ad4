package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.ProtocolVersions;
import dev.mcpproxy.proxy.dispatch.ModernEra;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcException;
import dev.mcpproxy.proxy.server.ModernRequestCheck;
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
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The Streamable HTTP transport of the demo server, stateless and JSON-only: every POSTed request
 * gets one {@code application/json} response, notifications and responses get 202, GET and DELETE
 * get 405 (no server-to-client stream, no sessions). Both MCP eras are served, chosen per request
 * like the proxy does: a 2026-07-28 request (version claimed in {@code _meta}) is checked against
 * its headers and answered with that era's result fields; anything else is a 2025-era request.
 */
final class McpHttpEndpoint extends Handler.Abstract.NonBlocking {
    static final String PATH = "/mcp";
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    /** The demo listens on loopback; a page from any other origin is a DNS-rebinding attempt. */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private static final List<String> ALL_VERSIONS = ProtocolVersions.NEWEST_FIRST;
    /** The demo's data only changes through update_email, which no listing shows: listings stay fresh a minute. */
    private static final long LISTING_TTL_MS = 60_000;

    private final DemoMcpServer server;
    private final ObjectMapper json;
    private final ModernEra modern;

    McpHttpEndpoint(DemoMcpServer server, ObjectMapper json) {
        this.server = server;
        this.json = json;
        this.modern = new ModernEra(server.serverInfo(), server::capabilities, ALL_VERSIONS, LISTING_TTL_MS, false);
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
                    "Unsupported MCP-Protocol-Version; supported: " + ALL_VERSIONS);
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
                            answer(request, body, response, callback);
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

    private void answer(Request request, byte[] body, Response response, Callback callback) {
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
        } else if (message.has("method") && message.has("id")
                && modern.claims(request.getHeaders().get("MCP-Protocol-Version"), message)) {
            answerModern(request, (ObjectNode) message, response, callback);
        } else if (message.has("method") && message.has("id")) {
            writeJson(response, callback, HttpStatus.OK_200, server.handle((ObjectNode) message));
        } else {
            // A notification or a response to a server request: nothing to answer.
            // Completed by an empty last write, not by the callback alone: Jetty 12.1 completing a
            // response with no write from inside a read callback trips its own state assertion
            // and, rarely, garbles the connection's next answer.
            response.setStatus(HttpStatus.ACCEPTED_202);
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        }
    }

    /** A 2026-07-28 request: headers against body, the era's own methods, then the shared methods. */
    private void answerModern(Request request, ObjectNode message, Response response, Callback callback) {
        ModernRequestCheck.Refusal refusal = ModernRequestCheck.check(request.getHeaders(), message, ALL_VERSIONS);
        if (refusal != null) {
            writeJson(response, callback, refusal.status(), refusal.error());
            return;
        }
        String method = message.get("method").textValue();
        ObjectNode answer;
        try {
            JsonNode local = modern.answerLocally(method, JsonRpc.params(message), null);
            answer = local != null ? JsonRpc.result(message.get("id"), local) : server.handle(message);
        } catch (JsonRpcException e) {
            answer = JsonRpc.error(message.get("id"), e.code(), e.getMessage());
        }
        modern.shapeResponse(method, answer);
        int status = answer.path("error").path("code").asInt() == JsonRpcErrors.METHOD_NOT_FOUND
                ? HttpStatus.NOT_FOUND_404 : HttpStatus.OK_200;
        writeJson(response, callback, status, answer);
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
        return version == null || ALL_VERSIONS.contains(version);
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
