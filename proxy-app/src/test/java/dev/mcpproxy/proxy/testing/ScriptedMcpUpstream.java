package dev.mcpproxy.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.RecordingHttpServer.Received;
import dev.mcpproxy.proxy.testing.RecordingHttpServer.Reply;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A minimal stateless MCP server over {@link RecordingHttpServer}: it records every request with
 * its headers (what the proxy really sends upstream) and counts {@code tools/call}s. Tools:
 * {@code echo} (idempotent per its annotations) and {@code charge} (not idempotent). While
 * {@link #failWhen} matches a request it answers HTTP 503; requests {@link #admitOnly} refuses
 * get 401 or 403.
 */
public final class ScriptedMcpUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingHttpServer server;
    private final AtomicInteger toolCalls = new AtomicInteger();
    private volatile Predicate<JsonNode> failWhen = request -> false;
    private volatile Predicate<Received> admits = request -> true;
    private volatile int refusalStatus = 401;
    private volatile int toolAnswerPadding;

    public ScriptedMcpUpstream() throws IOException {
        server = new RecordingHttpServer(this::answer);
    }

    public URI url() {
        return server.uri("/mcp");
    }

    public List<Received> received() {
        return server.received();
    }

    public int toolCalls() {
        return toolCalls.get();
    }

    /** Requests (parsed JSON-RPC) for which the server answers 503 from now on. */
    public void failWhen(Predicate<JsonNode> condition) {
        failWhen = condition;
    }

    /** Pads every {@code tools/call} answer's text with {@code chars} characters, for answers over a size limit. */
    public void padToolAnswers(int chars) {
        toolAnswerPadding = chars;
    }

    /** Requests that {@code check} refuses are answered with {@code status} (401 or 403), like a gateway. */
    public void admitOnly(Predicate<Received> check, int status) {
        refusalStatus = status;
        admits = check;
    }

    private Reply answer(Received request) {
        if (!admits.test(request)) {
            return Reply.status(refusalStatus);
        }
        if (!request.method().equals("POST")) {
            return Reply.status(405);
        }
        JsonNode message;
        try {
            message = JSON.readTree(request.body());
        } catch (IOException e) {
            return Reply.status(400);
        }
        String method = message.path("method").asText();
        if (method.equals("tools/call")) {
            toolCalls.incrementAndGet();
        }
        if (failWhen.test(message)) {
            return Reply.status(503);
        }
        if (!message.has("id")) {
            return new Reply(202, "application/json", "");
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", message.get("id"));
        ObjectNode result = response.putObject("result");
        switch (method) {
            case "initialize" -> {
                result.put("protocolVersion", message.path("params").path("protocolVersion").asText("2025-06-18"));
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "scripted").put("version", "1");
            }
            case "tools/list" -> {
                ObjectNode echo = result.putArray("tools").addObject().put("name", "echo");
                echo.putObject("inputSchema").put("type", "object");
                echo.putObject("annotations").put("idempotentHint", true);
                ObjectNode charge = ((ArrayNode) result.get("tools")).addObject()
                        .put("name", "charge");
                charge.putObject("inputSchema").put("type", "object");
                charge.putObject("annotations").put("idempotentHint", false).put("destructiveHint", true);
            }
            case "tools/call" -> result.putArray("content").addObject().put("type", "text")
                    .put("text", "ok" + " ".repeat(toolAnswerPadding));
            default -> result.removeAll();
        }
        return Reply.json(response.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
