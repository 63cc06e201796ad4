package dev.mcpproxy.proxy.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attribute keys: the OpenTelemetry MCP and GenAI semantic conventions (development status)
 * where they define one, {@code mcp_proxy.*} for what only this proxy knows.
 */
final class McpAttributes {
    static final AttributeKey<String> MCP_METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> MCP_SESSION_ID = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> MCP_PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<String> MCP_RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> JSONRPC_REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
    static final AttributeKey<String> RPC_STATUS_CODE = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> GEN_AI_OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> GEN_AI_PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> NETWORK_PROTOCOL = AttributeKey.stringKey("network.protocol.name");
    /** The caller's stable id ({@code sub}); a span attribute only, never a metric dimension. */
    static final AttributeKey<String> ENDUSER_ID = AttributeKey.stringKey("enduser.id");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("mcp_proxy.governance.stage");
    static final AttributeKey<String> STAGE_PHASE = AttributeKey.stringKey("mcp_proxy.governance.phase");
    static final AttributeKey<String> UPSTREAM = AttributeKey.stringKey("mcp_proxy.upstream");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mcp_proxy.outcome");

    private McpAttributes() {
    }
}
