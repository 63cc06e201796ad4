package dev.mcpproxy.cli.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Sends one JSON-RPC message to a deployed proxy: bearer token over HTTPS, or SigV4 through the SDK. */
public interface McpTransport {

    McpReply post(ObjectNode message, Optional<String> sessionId, Optional<String> protocolVersion);
}
