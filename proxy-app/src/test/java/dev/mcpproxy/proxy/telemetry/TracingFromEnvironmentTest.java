package dev.mcpproxy.proxy.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK the proxy configures itself, without an agent and without OTLP variables. */
class TracingFromEnvironmentTest {
    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void withoutAnExporterSpansAreFreeButTheCallersTraceStillReachesTheUpstream() {
        try (Tracing tracing = Tracing.fromEnvironment(TracingConfig.DEFAULTS, Map.of())) {
            Context caller = TraceHeaders.extract(Map.of("traceparent", CALLER)::get);
            Span span = tracing.tracer().spanBuilder("probe").setParent(caller).startSpan();
            Map<String, String> headers = new HashMap<>();
            try (var ignored = span.makeCurrent()) {
                TraceHeaders.inject(headers);
            }

            assertThat(span.isRecording()).isFalse();
            assertThat(headers).containsEntry("traceparent", CALLER);
        }
    }

    @Test
    void theLoggingExporterRecordsRealSpans() {
        try (Tracing tracing = Tracing.fromEnvironment(new TracingConfig(null, null, "logging"), Map.of())) {
            Span span = tracing.tracer().spanBuilder("probe").startSpan();

            assertThat(span.isRecording()).isTrue();
            assertThat(span.getSpanContext().isSampled()).isTrue();
            span.end();
        }
    }

    @Test
    void disabledTracingRecordsNothing() {
        Tracing tracing = Tracing.fromEnvironment(new TracingConfig(false, null, null), Map.of());

        assertThat(tracing).isSameAs(Tracing.off());
        assertThat(tracing.tracer().spanBuilder("probe").startSpan().getSpanContext().isValid()).isFalse();
    }
}
