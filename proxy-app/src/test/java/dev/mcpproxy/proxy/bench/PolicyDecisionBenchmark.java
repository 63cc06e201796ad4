package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.audit.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.identity.Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Cedar authorization with a realistic set of 50 policies, against a single-policy set as the
 * baseline: one decision (a one-item listing) and one {@code tools/call} (its list and call
 * decisions together).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PolicyDecisionBenchmark {
    private static final String SCHEMA = "classpath:governance/mcp.cedarschema";
    private static final ItemOrigins ORIGINS = (method, name) -> {
        int separator = name.indexOf("__");
        return new ItemOrigins.Origin(name.substring(0, separator), name.substring(separator + 2));
    };

    private final ObjectMapper json = new ObjectMapper();
    private final Principal principal = new Principal("user-42", "web-app", Set.of("mcp/invoke"),
            Set.of("team-3", "team-13", "staff"), Map.of("email", "someone@example.com"), false);
    private PolicyStage fifty;
    private PolicyStage single;
    private ObjectNode descriptor;
    private ObjectNode params;
    private ObjectNode listedTool;

    @Setup
    public void setUp() throws IOException {
        Path directory = Files.createTempDirectory("cedar-bench");
        Path fiftyFile = Files.writeString(directory.resolve("fifty.cedar"), fiftyPolicySource());
        Path oneFile = Files.writeString(directory.resolve("one.cedar"),
                "permit (principal in Mcp::Group::\"team-3\", action in Mcp::Action::\"useTool\", resource);\n");
        fifty = PolicyStage.create(new PolicyConfig(true, List.of(fiftyFile.toString()), SCHEMA, null, null), ORIGINS);
        single = PolicyStage.create(new PolicyConfig(true, List.of(oneFile.toString()), SCHEMA, null, null), ORIGINS);
        descriptor = (ObjectNode) json.readTree("{\"name\":\"write_3\",\"annotations\":{\"destructiveHint\":false}}");
        params = (ObjectNode) json.readTree("{\"name\":\"svc-3__write_3\",\"arguments\":{\"amount\":500,\"note\":\"x\"}}");
        listedTool = (ObjectNode) json.readTree("{\"name\":\"svc-3__read_3\",\"annotations\":{\"readOnlyHint\":true}}");
        if (policyCount(fiftyFile) != 50) {
            throw new IllegalStateException("expected 50 policies");
        }
    }

    @Benchmark
    public Exchange fiftyPolicies() throws GovernanceException {
        Exchange exchange = exchange();
        fifty.onRequest(exchange);
        return exchange;
    }

    @Benchmark
    public Exchange onePolicyBaseline() throws GovernanceException {
        Exchange exchange = exchange();
        single.onRequest(exchange);
        return exchange;
    }

    @Benchmark
    public ArrayNode fiftyPoliciesOneDecision() {
        ArrayNode items = json.createArrayNode().add(listedTool);
        fifty.onListing(listing(), items);
        return items;
    }

    @Benchmark
    public ArrayNode onePolicyOneDecisionBaseline() {
        ArrayNode items = json.createArrayNode().add(listedTool);
        single.onListing(listing(), items);
        return items;
    }

    private Exchange listing() {
        return new Exchange("tools/list", json.createObjectNode(), principal, "s", IntNode.valueOf(2), new AuditEvent());
    }

    private Exchange exchange() {
        return new Exchange("tools/call", params, principal, "s", IntNode.valueOf(1), new AuditEvent())
                .route("svc-3", "svc-3__write_3", "write_3", descriptor);
    }

    private static long policyCount(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith("@id(")).count();
    }

    /** 20 read-only grants, 15 tool grants, 10 argument limits and 5 cross-cutting rules. */
    public static String fiftyPolicySource() {
        StringBuilder policies = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            policies.append("@id(\"team-").append(i).append("-reads\")\npermit (principal in Mcp::Group::\"team-").append(i)
                    .append("\", action in Mcp::Action::\"useTool\", resource in Mcp::Upstream::\"svc-").append(i % 10)
                    .append("\") when { resource.readOnly };\n");
        }
        for (int i = 0; i < 15; i++) {
            policies.append("@id(\"team-").append(i).append("-writes\")\npermit (principal in Mcp::Group::\"team-").append(i)
                    .append("\", action in Mcp::Action::\"useTool\", resource == Mcp::Tool::\"svc-").append(i % 10)
                    .append("__write_").append(i).append("\");\n");
        }
        for (int i = 0; i < 10; i++) {
            policies.append("@id(\"limit-").append(i).append("\")\nforbid (principal, action == Mcp::Action::\"callTool\", ")
                    .append("resource in Mcp::Upstream::\"svc-").append(i).append("\") when { context.arguments has amount && ")
                    .append("context.arguments.amount > ").append(1000 * (i + 1))
                    .append(" } unless { principal in Mcp::Group::\"admins\" };\n");
        }
        policies.append("""
                @id("admins")
                permit (principal in Mcp::Group::"admins", action, resource);
                @id("no-destructive")
                forbid (principal, action == Mcp::Action::"callTool", resource) when { resource.destructive }
                unless { principal in Mcp::Group::"admins" };
                @id("clients-read-only")
                forbid (principal is Mcp::Client, action in Mcp::Action::"useTool", resource) unless { resource.readOnly };
                @id("maintenance-window")
                forbid (principal, action == Mcp::Action::"callTool", resource in Mcp::Upstream::"svc-9")
                when { context.time.hourUtc < 2 };
                @id("all-scope")
                permit (principal, action, resource) when { principal.scopes.contains("mcp/all") };
                """);
        return policies.toString();
    }
}
