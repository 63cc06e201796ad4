package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.identity.Principal;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the telemetry adds to one governed {@code tools/call}: the server span, two stage spans on the way in and
 * out, the upstream client span with its traceparent, and the request, tool and upstream metrics. The upstream
 * and the stages do nothing, so the numbers are the telemetry alone.
 * Run: {@code java -cp <test class path> dev.mcpproxy.proxy.telemetry.TelemetryOverheadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelemetryOverheadBenchmark {

    /** off: nothing; metrics: EMF only; traces: SDK spans, batch export; both: the default configuration. */
    @Param({"off", "metrics", "traces", "both"})
    public String mode;

    private Telemetry telemetry;
    private OpenTelemetrySdk sdk;
    private final GovernanceChain chain = new GovernanceChain(List.of(new Nothing("audit"), new Nothing("policy")));
    private final ObjectNode params = JsonNodeFactory.instance.objectNode().put("name", "crm__lookup_customer");
    private final ObjectNode response = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> headers = new java.util.HashMap<>();

    @Setup(Level.Trial)
    public void setUp() {
        response.putObject("result").putArray("content");
        Metrics metrics = mode.equals("metrics") || mode.equals("both")
                ? Metrics.emf(MetricsConfig.DEFAULTS, line -> { }, Clock.systemUTC()) : Metrics.disabled();
        Tracing tracing = Tracing.off();
        if (mode.equals("traces") || mode.equals("both")) {
            sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(BatchSpanProcessor.builder(new Discarding()).build()).build()).build();
            tracing = Tracing.using(sdk);
        }
        telemetry = Telemetry.of(metrics, tracing);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (sdk != null) {
            sdk.close();
        }
    }

    @Benchmark
    public Object governedToolCall() throws GovernanceException {
        try (InboundCall call = telemetry.inbound("tools/call", IntNode.valueOf(1), "session", "alice", "2025-06-18")) {
            Exchange exchange = new Exchange("tools/call", params, Principal.ANONYMOUS, "session", IntNode.valueOf(1),
                    new AuditEvent()).route("crm", "crm__lookup_customer", "lookup_customer", null);
            chain.onRequest(exchange);
            try (UpstreamCall upstream = call.upstream("crm", "tools/call", "lookup_customer")) {
                headers.clear();
                TraceHeaders.inject(headers);
                upstream.answered(response);
            }
            chain.onResult(exchange, (ObjectNode) response.get("result"));
            call.finish(response);
            return headers;
        } finally {
            // Metrics are flushed every minute in the proxy; here often enough that the window stays small.
            if (telemetry.metrics().metrics().enabled() && (System.nanoTime() & 0x3FF) == 0) {
                telemetry.metrics().metrics().flush();
            }
        }
    }

    private record Nothing(String name) implements GovernanceStage {
    }

    private static final class Discarding implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(TelemetryOverheadBenchmark.class.getSimpleName()).build()).run();
    }
}
