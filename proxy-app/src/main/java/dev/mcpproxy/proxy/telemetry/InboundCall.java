package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

import java.util.regex.Pattern;

/**
 * One JSON-RPC request as the proxy serves it: the MCP server span (current while the request is
 * handled, so stage and upstream spans become its children and the upstream receives its trace
 * context) and the request metrics, recorded when it closes.
 */
public final class InboundCall implements AutoCloseable {
    private static final ContextKey<InboundCall> KEY = ContextKey.named("mcp-proxy-inbound-call");
    private static final InboundCall NONE = new InboundCall(Telemetry.off(), "none", Span.getInvalid());
    /**
     * Ids as clients make them (numbers, UUIDs, {@code req-17}) go on the span; any other string is
     * the client's free text (an e-mail address, a megabyte) and is left out.
     */
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Telemetry telemetry;
    private final String method;
    private final Span span;
    private Scope scope;
    private final long startNanos = System.nanoTime();
    private String target;
    private RequestFacts facts;
    private Outcome outcome = Outcome.ERROR;
    /** The method as a metric dimension: a method the proxy does not know is caller-chosen text. */
    private String metricMethod;

    private InboundCall(Telemetry telemetry, String method, Span span) {
        this.telemetry = telemetry;
        this.method = method;
        this.metricMethod = method;
        this.span = span;
    }

    static InboundCall start(Telemetry telemetry, String method, JsonNode requestId, String sessionId,
                             String principalId, String protocolVersion) {
        Span span = telemetry.tracing().tracer().spanBuilder(method).setSpanKind(SpanKind.SERVER)
                .setAttribute(McpAttributes.MCP_METHOD, method)
                .setAttribute(McpAttributes.NETWORK_TRANSPORT, "tcp")
                .setAttribute(McpAttributes.NETWORK_PROTOCOL, "http")
                .startSpan();
        if (requestId != null && (requestId.isIntegralNumber() || requestId.isTextual()
                && PLAIN_ID.matcher(requestId.textValue()).matches())) {
            span.setAttribute(McpAttributes.JSONRPC_REQUEST_ID, requestId.asText());
        }
        if (sessionId != null) {
            span.setAttribute(McpAttributes.MCP_SESSION_ID, sessionId);
        }
        if (principalId != null) {
            span.setAttribute(McpAttributes.ENDUSER_ID, principalId);
        }
        if (protocolVersion != null) {
            span.setAttribute(McpAttributes.MCP_PROTOCOL_VERSION, protocolVersion);
        }
        if ("tools/call".equals(method)) {
            span.setAttribute(McpAttributes.GEN_AI_OPERATION, "execute_tool");
        }
        InboundCall call = new InboundCall(telemetry, method, span);
        call.scope = Context.current().with(span).with(KEY, call).makeCurrent();
        return call;
    }

    /** The call being served on this thread, or one that records nothing. */
    public static InboundCall current() {
        InboundCall call = Context.current().get(KEY);
        return call == null ? NONE : call;
    }

    /**
     * The routed request (called by the governance chain): names the target in span and metrics;
     * the stages' {@code facts} are counted when the call closes.
     *
     * @param upstream the upstream that owns the target, or null
     */
    public void governs(String governedTarget, String upstream, RequestFacts governedFacts) {
        if (this == NONE || governedTarget == null) {
            return;
        }
        target = governedTarget;
        facts = governedFacts;
        switch (method) {
            case "tools/call" -> {
                span.updateName(method + " " + target);
                span.setAttribute(McpAttributes.GEN_AI_TOOL_NAME, target);
            }
            case "prompts/get" -> {
                span.updateName(method + " " + target);
                span.setAttribute(McpAttributes.GEN_AI_PROMPT_NAME, target);
            }
            default -> {
                if (method.startsWith("resources/")) {
                    span.setAttribute(McpAttributes.MCP_RESOURCE_URI, target);
                }
            }
        }
        if (upstream != null) {
            span.setAttribute(McpAttributes.UPSTREAM, upstream);
        }
    }

    /** A span around one governance stage's work in {@code phase} (request, result or listing). */
    public StageSpan stage(String stage, String phase) {
        return StageSpan.start(telemetry, stage, phase);
    }

    /** A client span around one upstream request; its context goes out in the request headers. */
    public UpstreamCall upstream(String upstream, String upstreamMethod, String upstreamTarget) {
        return UpstreamCall.start(telemetry, upstream, upstreamMethod, upstreamTarget);
    }

    /** The response going back to the client decides the outcome. */
    public void finish(ObjectNode response) {
        if (response == null) {
            return;
        }
        JsonNode error = response.get("error");
        if (error != null) {
            int code = error.path("code").asInt();
            outcome = Outcome.ofErrorCode(code);
            if (code == JsonRpcErrors.METHOD_NOT_FOUND) {
                metricMethod = "unknown";
            }
            span.setAttribute(McpAttributes.ERROR_TYPE, Integer.toString(code));
            span.setAttribute(McpAttributes.RPC_STATUS_CODE, Integer.toString(code));
            span.setStatus(StatusCode.ERROR, outcome.value());
        } else if (response.path("result").path("isError").asBoolean(false)) {
            outcome = Outcome.TOOL_ERROR;
            span.setAttribute(McpAttributes.ERROR_TYPE, "tool_error");
            span.setStatus(StatusCode.ERROR, outcome.value());
        } else {
            outcome = Outcome.OK;
        }
        span.setAttribute(McpAttributes.OUTCOME, outcome.value());
    }

    @Override
    public void close() {
        if (this == NONE) {
            return;
        }
        scope.close();
        span.end();
        ProxyMetrics metrics = telemetry.metrics();
        metrics.request(metricMethod, outcome, (System.nanoTime() - startNanos) / 1_000_000.0);
        if (facts != null) {
            if ("tools/call".equals(method)) {
                metrics.toolCall(target, outcome);
            }
            metrics.piiDetections(method, facts);
            facts.denyingPolicies().forEach(metrics::policyDenial);
        }
    }
}
