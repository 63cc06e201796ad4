package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy as {@link Main} assembles it from one configuration file: rate limits, PII
 * tokenization, schema validation and the audit trail all on the request path in front of the
 * demo upstream, and the circuit state in the health report.
 */
class ProxyAssemblyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RAW_EMAIL = "grace.hopper@example.net";

    @TempDir
    static Path dir;
    private static DemoUpstream demo;
    private static ProxyAssembly assembly;
    private static ProxyApplication proxy;
    private static Path auditFile;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        auditFile = dir.resolve("audit.jsonl");
        ProxyConfig config = new ConfigLoader(Map.of("DEMO_URL", demo.url().toString(),
                "AUDIT_FILE", auditFile.toString())).parse("""
                server: {host: 127.0.0.1, port: 0}
                identity: {mode: none}
                upstreams:
                  - name: demo
                    url: ${DEMO_URL}
                    resilience: {maxConcurrent: 8}
                rateLimits:
                  buckets:
                    - {name: updates, keyBy: [principal, tool], rate: 2, periodSeconds: 3600, burst: 2,
                       tools: [update_email]}
                audit: {stdout: false, file: "${AUDIT_FILE}"}
                """, "assembly-test.yaml").validate();
        assembly = ProxyAssembly.create(config);
        proxy = assembly.start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        assembly.close();
        demo.close();
    }

    @Test
    void personalDataReachesTheUpstreamOnlyAsATokenAndTheRateLimitHolds() throws Exception {
        JsonNode first = call(1, "update_email", Map.of("customerId", "C-1002", "email", RAW_EMAIL));
        // The demo echoes what it stored: the token the proxy sent instead of the address.
        String stored = first.at("/result/structuredContent/email").asText();
        assertThat(stored).startsWith("pii_email_").doesNotContain("hopper");
        assertThat(first.toString()).doesNotContain(RAW_EMAIL);

        JsonNode lookup = call(2, "lookup_customer", Map.of("customerId", "C-1002"));
        assertThat(lookup.at("/result/structuredContent/email").asText()).isEqualTo(stored);

        assertThat(call(3, "update_email", Map.of("customerId", "C-1002", "email", RAW_EMAIL)).has("result")).isTrue();
        JsonNode limited = call(4, "update_email", Map.of("customerId", "C-1002", "email", RAW_EMAIL));
        assertThat(limited.at("/error/code").asInt()).isEqualTo(-32004);
        assertThat(limited.at("/error/data/retryAfterMs").asLong()).isPositive();
    }

    @Test
    void argumentsThatViolateTheToolSchemaNeverReachTheUpstream() throws Exception {
        JsonNode invalid = call(10, "lookup_customer", Map.of("customerId", "not-an-id"));

        assertThat(invalid.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(invalid.at("/error/message").asText()).doesNotContain("not-an-id");
    }

    @Test
    void everyGovernedCallIsAuditedWithoutRawValues() throws Exception {
        call(20, "update_email", Map.of("customerId", "C-1003", "email", RAW_EMAIL));

        List<String> lines = auditLinesOnceWritten("\"update_email\"");
        assertThat(lines).allSatisfy(line -> assertThat(JSON.readTree(line).path("kind").asText()).isEqualTo("audit"));
        assertThat(String.join("\n", lines)).doesNotContain(RAW_EMAIL).doesNotContain("hopper");
    }

    @Test
    void aRequestTheUpstreamRefusesIsAuditedWithTheCodeTheClientGot() throws Exception {
        JsonNode refused = send(30, "resources/read", Map.of("uri", "customers://C-9999"));
        int code = refused.at("/error/code").asInt();
        assertThat(code).isNotZero();

        List<String> lines = auditLinesOnceWritten("customers://C-9999");
        JsonNode event = JSON.readTree(lines.stream().filter(line -> line.contains("customers://C-9999"))
                .findFirst().orElseThrow());
        assertThat(event.path("outcome").asText()).isEqualTo("error");
        assertThat(event.path("errorCode").asInt()).isEqualTo(code);
    }

    @Test
    void healthShowsEachUpstreamsCircuit() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + proxy.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode upstream = JSON.readTree(health.body()).at("/upstreams/0");
        assertThat(upstream.path("name").asText()).isEqualTo("demo");
        assertThat(upstream.path("circuit").asText()).isEqualTo("closed");
    }

    /** The audit trail writes from its own thread: wait (bounded) until the event is there. */
    private static List<String> auditLinesOnceWritten(String expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(auditFile) && Files.readString(auditFile).contains(expected))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return Files.readAllLines(auditFile);
    }

    private static JsonNode call(int id, String tool, Map<String, ?> arguments) throws Exception {
        return send(id, "tools/call", Map.of("name", tool, "arguments", arguments));
    }

    private static JsonNode send(int id, String method, Map<String, ?> params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
