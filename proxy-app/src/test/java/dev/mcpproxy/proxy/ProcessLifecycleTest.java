package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.testing.ProxyProcess;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy as its own process, as an operator runs it: JSON log lines on stdout, one event per
 * line, and a graceful stop on SIGTERM.
 */
class ProcessLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void logsJsonLinesAndStopsGracefullyOnSigterm() throws Exception {
        List<String> command = new ArrayList<>(ProxyProcess.classPathLaunch());
        command.addAll(List.of("--upstream", "absent=http://127.0.0.1:9/mcp", "--port", "0"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).start();
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            boolean stopping = false;
            while ((line = out.readLine()) != null) {
                events.add(JSON.readTree(line));
                if (!stopping && line.contains("Proxy listening")) {
                    stopping = true;
                    process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our pipe
                }
            }
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        // Every line is one JSON object: a log event, or a CloudWatch EMF metrics line.
        assertThat(events).allSatisfy(event -> {
            if (event.has("_aws")) {
                assertThat(event.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isNotEmpty();
                return;
            }
            assertThat(event.path("level").asText()).isNotEmpty();
            assertThat(event.path("loggerName").asText()).isNotEmpty();
            assertThat(event.has("formattedMessage")).isTrue();
        });
        assertThat(events).extracting(event -> event.path("formattedMessage").asText())
                .contains("Proxy listening", "Shutting down", "Stopped")
                .anyMatch(message -> message.contains("absent") && message.contains("degraded"));
        assertThat(process.exitValue()).isEqualTo(143);
    }
}
