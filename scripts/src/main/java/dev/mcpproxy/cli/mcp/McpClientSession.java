package dev.mcpproxy.cli.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.BuildInfo;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.contracts.ProtocolVersions;
import java.util.Optional;

/** A minimal MCP client: {@code initialize}, then requests, over any {@link McpTransport}. */
public final class McpClientSession {

    public static final String PROTOCOL_VERSION = ProtocolVersions.LATEST_LEGACY;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final McpTransport transport;
    private Optional<String> sessionId = Optional.empty();
    private Optional<String> protocolVersion = Optional.empty();
    private int nextId = 1;

    public McpClientSession(McpTransport transport) {
        this.transport = transport;
    }

    /** @return the server's {@code initialize} result */
    public ObjectNode initialize() {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mcp-proxy-cli").put("version", BuildInfo.version());
        ObjectNode result = request("initialize", params);
        protocolVersion = Optional.of(result.path("protocolVersion").asText(PROTOCOL_VERSION));
        ObjectNode initialized = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        McpReply reply = transport.post(initialized, sessionId, protocolVersion);
        if (reply.status() >= 300) {
            throw failure("notifications/initialized", reply);
        }
        return result;
    }

    /** @return the JSON-RPC result; a JSON-RPC error or HTTP failure becomes an MCP_ERROR failure */
    public ObjectNode request(String method, ObjectNode params) {
        int id = nextId++;
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        McpReply reply = transport.post(message, sessionId, protocolVersion);
        if (reply.status() >= 300) {
            throw failure(method, reply);
        }
        reply.sessionId().ifPresent(value -> sessionId = Optional.of(value));
        JsonNode response = responseWithId(reply, id);
        if (response.has("error")) {
            JsonNode error = response.path("error");
            throw new CliException(ExitCode.MCP_ERROR, method + " failed: MCP error " + error.path("code").asInt()
                    + ": " + error.path("message").asText());
        }
        if (!(response.path("result") instanceof ObjectNode result)) {
            throw new CliException(ExitCode.MCP_ERROR, method + ": the server's answer has no result");
        }
        return result;
    }

    /** A JSON reply is the response itself; an SSE reply carries it as one of its events. */
    private static JsonNode responseWithId(McpReply reply, int id) {
        try {
            if (reply.contentType().startsWith("text/event-stream")) {
                for (String line : reply.body().split("\r?\n")) {
                    if (line.startsWith("data:")) {
                        JsonNode event = JSON.readTree(line.substring(5).trim());
                        if (event.path("id").asInt(-1) == id && (event.has("result") || event.has("error"))) {
                            return event;
                        }
                    }
                }
                throw new CliException(ExitCode.MCP_ERROR, "the server's event stream ended without a response");
            }
            return JSON.readTree(reply.body());
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.MCP_ERROR, "the server's answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private static CliException failure(String method, McpReply reply) {
        String hint = switch (reply.status()) {
            case 401 -> " (the token was rejected: check the Cognito client and the runtime's JWT authorizer)";
            case 403 -> " (access denied: the identity needs bedrock-agentcore:InvokeAgentRuntime on the runtime)";
            case 404 -> " (no such runtime or endpoint: is the environment deployed?)";
            default -> "";
        };
        String detail = reply.body().length() > 300 ? reply.body().substring(0, 300) + "..." : reply.body();
        return new CliException(ExitCode.MCP_ERROR, method + " failed: HTTP " + reply.status() + hint
                + (detail.isBlank() ? "" : ": " + detail));
    }
}
