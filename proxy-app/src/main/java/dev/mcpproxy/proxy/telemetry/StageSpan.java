package dev.mcpproxy.proxy.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/** An internal span around one governance stage; a rejection marks it and counts as a denial. */
public final class StageSpan implements AutoCloseable {
    private final Telemetry telemetry;
    private final String stage;
    private final Span span;
    private final Scope scope;

    private StageSpan(Telemetry telemetry, String stage, Span span) {
        this.telemetry = telemetry;
        this.stage = stage;
        this.span = span;
        this.scope = span.makeCurrent();
    }

    static StageSpan start(Telemetry telemetry, String stage, String phase) {
        Span span = telemetry.tracing().tracer().spanBuilder("governance " + stage)
                .setAttribute(McpAttributes.STAGE, stage)
                .setAttribute(McpAttributes.STAGE_PHASE, phase)
                .startSpan();
        return new StageSpan(telemetry, stage, span);
    }

    /** The stage rejected the request with this JSON-RPC error code. */
    public void rejected(int code) {
        Outcome outcome = Outcome.ofErrorCode(code);
        span.setAttribute(McpAttributes.ERROR_TYPE, Integer.toString(code));
        span.setAttribute(McpAttributes.OUTCOME, outcome.value());
        span.setStatus(StatusCode.ERROR, outcome.value());
        telemetry.metrics().denial(stage, outcome);
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
