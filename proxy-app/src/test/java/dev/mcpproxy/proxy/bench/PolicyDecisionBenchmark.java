package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.governance.policy.PolicyStages;
import dev.mcpproxy.proxy.identity.Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Cedar authorization with a realistic set of 50 policies and with a single policy, each measured
 * four ways in the same run:
 * <ul>
 *   <li>{@code reference}: the whole policy set with every entity and attribute, no cache (what
 *       the stage did before scope slicing, attribute pruning and the decision cache);</li>
 *   <li>{@code noCache}: slicing and pruning, decision cache disabled ({@code decisionCacheSize: 0});</li>
 *   <li>{@code miss}: slicing, pruning and the cache on, every request distinct (a new principal
 *       each time, and a new {@code amount} for calls), so every decision misses the cache;</li>
 *   <li>{@code mix}: cache on, 20 principals &times; 30 tools (&times; 3 amounts for calls) in turn,
 *       as a busy proxy sees them: after the first round, decisions come from the cache.</li>
 * </ul>
 * {@code list…} takes one decision (a one-item {@code tools/list}); {@code call…} is a
 * {@code tools/call}, which takes two ({@code listTool} and {@code callTool}).
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
    private static final Set<String> GROUPS = Set.of("team-3", "team-13", "staff");

    @Param({"1", "50"})
    public int policies;

    private final ObjectMapper json = new ObjectMapper();
    private final Principal principal = new Principal("user-42", "web-app", Set.of("mcp/invoke"), GROUPS,
            Map.of("email", "someone@example.com"), false);
    private PolicyStage reference;
    private PolicyStage optimized;
    private PolicyStage noCache;
    private ObjectNode descriptor;
    private ObjectNode listedTool;
    private final List<Principal> mixPrincipals = new ArrayList<>();
    private final List<ObjectNode> mixTools = new ArrayList<>();
    private long sequence;

    @Setup
    public void setUp() throws IOException {
        Path directory = Files.createTempDirectory("cedar-bench");
        Path file = policies == 50
                ? Files.writeString(directory.resolve("fifty.cedar"), fiftyPolicySource())
                : Files.writeString(directory.resolve("one.cedar"),
                "@id(\"team-3\")\npermit (principal in Mcp::Group::\"team-3\", action in Mcp::Action::\"useTool\", resource);\n");
        if (policyCount(file) != policies) {
            throw new IllegalStateException("expected " + policies + " policies");
        }
        reference = PolicyStages.reference(new PolicyConfig(true, List.of(file.toString()), SCHEMA, null, null), ORIGINS);
        optimized = PolicyStage.create(new PolicyConfig(true, List.of(file.toString()), SCHEMA, null, null, 10_000),
                ORIGINS);
        noCache = PolicyStage.create(new PolicyConfig(true, List.of(file.toString()), SCHEMA, null, null, 0), ORIGINS);
        descriptor = (ObjectNode) json.readTree("{\"name\":\"write_3\",\"annotations\":{\"destructiveHint\":false}}");
        listedTool = (ObjectNode) json.readTree("{\"name\":\"svc-3__read_3\",\"annotations\":{\"readOnlyHint\":true}}");
        for (int i = 0; i < 20; i++) {
            mixPrincipals.add(new Principal("user-" + i, i % 5 == 0 ? "user-" + i : "web-app", Set.of("mcp/invoke"),
                    Set.of("team-" + i, "team-" + (i + 7) % 20, "staff"), Map.of("email", "u" + i + "@example.com"), false));
        }
        for (int i = 0; i < 30; i++) {
            String name = (i % 3 == 0 ? "write_" : "read_") + i % 15;
            mixTools.add((ObjectNode) json.readTree("{\"name\":\"svc-" + i % 10 + "__" + name + "\",\"annotations\":"
                    + (i % 3 == 0 ? "{\"destructiveHint\":" + (i % 2 == 0) + "}" : "{\"readOnlyHint\":true}") + "}"));
        }
    }

    @Benchmark
    public ArrayNode listReference() {
        return list(reference, principal, listedTool);
    }

    @Benchmark
    public ArrayNode listNoCache() {
        return list(noCache, principal, listedTool);
    }

    @Benchmark
    public ArrayNode listMiss() {
        return list(optimized, distinctPrincipal(), listedTool);
    }

    @Benchmark
    public ArrayNode listMix() {
        long next = sequence++;
        return list(optimized, mixPrincipals.get((int) (next % 20)), mixTools.get((int) (next / 20 % 30)));
    }

    @Benchmark
    public Exchange callReference() throws GovernanceException {
        return call(reference, principal, "svc-3", "write_3", descriptor, 500);
    }

    @Benchmark
    public Exchange callNoCache() throws GovernanceException {
        return call(noCache, principal, "svc-3", "write_3", descriptor, 500);
    }

    @Benchmark
    public Exchange callMiss() throws GovernanceException {
        return call(optimized, distinctPrincipal(), "svc-3", "write_3", descriptor, sequence);
    }

    @Benchmark
    public Exchange callMix() throws GovernanceException {
        long next = sequence++;
        ObjectNode tool = mixTools.get((int) (next / 20 % 30));
        String[] name = tool.get("name").asText().split("__");
        return call(optimized, mixPrincipals.get((int) (next % 20)), name[0], name[1], tool,
                List.of(100, 2_500, 12_000).get((int) (next / 600 % 3)));
    }

    /** A principal never seen before: its decisions cannot come from the cache. */
    private Principal distinctPrincipal() {
        return new Principal("user-" + sequence++, "web-app", Set.of("mcp/invoke"), GROUPS, Map.of(), false);
    }

    private ArrayNode list(PolicyStage stage, Principal who, ObjectNode tool) {
        ArrayNode items = json.createArrayNode().add(tool);
        stage.onListing(new Exchange("tools/list", json.createObjectNode(), who, "s", IntNode.valueOf(2),
                new AuditEvent()), items);
        return items;
    }

    private Exchange call(PolicyStage stage, Principal who, String upstream, String name, ObjectNode tool, long amount)
            throws GovernanceException {
        ObjectNode params = json.createObjectNode().put("name", upstream + "__" + name);
        params.putObject("arguments").put("amount", amount).put("note", "x");
        Exchange exchange = new Exchange("tools/call", params, who, "s", IntNode.valueOf(1), new AuditEvent())
                .route(upstream, upstream + "__" + name, name, tool);
        try {
            stage.onRequest(exchange);
        } catch (GovernanceException denied) {
            // a denial is a decision like any other
        }
        return exchange;
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
