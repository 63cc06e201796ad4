package dev.mcpproxy.proxy.telemetry;

import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK the proxy configures itself, without an agent and without OTLP variables. */
class TracingFromEnvironmentTest {

    @Test
    void enabledTracingRecordsRealSpansEvenWithoutAnExporter() {
        try (Tracing tracing = Tracing.fromEnvironment(TracingConfig.DEFAULTS, Map.of())) {
            Span span = tracing.tracer().spanBuilder("probe").startSpan();
            assertThat(span.getSpanContext().isValid()).isTrue();
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
