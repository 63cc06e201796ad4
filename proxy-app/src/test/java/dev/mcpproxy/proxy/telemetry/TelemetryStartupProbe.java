package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.node.IntNode;

import java.util.Map;

/**
 * The cold-start share of telemetry: in a fresh JVM, the time {@link Telemetry#start} takes (SDK autoconfiguration,
 * exporter set-up, class loading) plus the first request's spans and metrics. Run it several times, once per JVM:
 * {@code java -cp <test class path> dev.mcpproxy.proxy.telemetry.TelemetryStartupProbe}; the OTEL_* variables of
 * the environment apply. Logging and Jackson, which the proxy starts anyway, are initialized before the clock starts.
 */
public final class TelemetryStartupProbe {
    private TelemetryStartupProbe() {
    }

    public static void main(String[] args) {
        // What the proxy initializes before telemetry anyway: logging and Jackson.
        org.slf4j.LoggerFactory.getLogger(TelemetryStartupProbe.class).debug("warm");
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("warm", 1).toString();
        long start = System.nanoTime();
        try (Telemetry telemetry = Telemetry.start(TelemetryConfig.DEFAULTS, System.getenv())) {
            long started = System.nanoTime();
            try (InboundCall call = telemetry.inbound("tools/call", IntNode.valueOf(1), null, "probe", null);
                 UpstreamCall upstream = call.upstream("probe", "tools/call", "probe")) {
                TraceHeaders.inject(new java.util.HashMap<>(Map.of()));
                upstream.failed("probe");
            }
            long firstCall = System.nanoTime();
            System.out.printf("Telemetry.start %.1f ms, first call %.1f ms%n", (started - start) / 1e6,
                    (firstCall - started) / 1e6);
        }
    }
}
