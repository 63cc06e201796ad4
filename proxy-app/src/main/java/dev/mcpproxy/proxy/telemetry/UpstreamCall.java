package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * The MCP client span of one request to an upstream, current while the request runs so that the
 * upstream connection sends its {@code traceparent}; records the upstream latency metric.
 */
public final class UpstreamCall implements AutoCloseable {
    private final Telemetry telemetry;
    private final String upstream;
    private final Span span;
    private final Scope scope;
    private final long startNanos = System.nanoTime();
    private boolean failed = true;

    private UpstreamCall(Telemetry telemetry, String upstream, Span span) {
        this.telemetry = telemetry;
        this.upstream = upstream;
        this.span = span;
        this.scope = span.makeCurrent();
    }

    static UpstreamCall start(Telemetry telemetry, String upstream, String method, String target) {
        boolean named = target != null && ("tools/call".equals(method) || "prompts/get".equals(method));
        var builder = telemetry.tracing().tracer().spanBuilder(named ? method + " " + target : method)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(McpAttributes.MCP_METHOD, method)
                .setAttribute(McpAttributes.UPSTREAM, upstream)
                .setAttribute(McpAttributes.NETWORK_TRANSPORT, "tcp")
                .setAttribute(McpAttributes.NETWORK_PROTOCOL, "http");
        if (named) {
            builder.setAttribute("tools/call".equals(method) ? McpAttributes.GEN_AI_TOOL_NAME
                    : McpAttributes.GEN_AI_PROMPT_NAME, target);
        }
        return new UpstreamCall(telemetry, upstream, builder.startSpan());
    }

    /** The upstream's final response arrived (a JSON-RPC error is still an answer). */
    public void answered(ObjectNode response) {
        failed = false;
        JsonNode error = response.get("error");
        if (error != null) {
            String code = Integer.toString(error.path("code").asInt());
            span.setAttribute(McpAttributes.ERROR_TYPE, code);
            span.setAttribute(McpAttributes.RPC_STATUS_CODE, code);
            span.setStatus(StatusCode.ERROR);
        }
    }

    /** The upstream could not be reached or answered nothing usable ({@code kind} is bounded). */
    public void failed(String kind) {
        span.setAttribute(McpAttributes.ERROR_TYPE, kind);
        span.setStatus(StatusCode.ERROR, kind);
    }

    @Override
    public void close() {
        scope.close();
        span.end();
        telemetry.metrics().upstreamCall(upstream, (System.nanoTime() - startNanos) / 1_000_000.0, failed);
    }
}
