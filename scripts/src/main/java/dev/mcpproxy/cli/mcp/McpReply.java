package dev.mcpproxy.cli.mcp;

import java.util.Optional;

/** One HTTP answer of an MCP server, whichever way it travelled. */
public record McpReply(int status, Optional<String> sessionId, String contentType, String body) {}
