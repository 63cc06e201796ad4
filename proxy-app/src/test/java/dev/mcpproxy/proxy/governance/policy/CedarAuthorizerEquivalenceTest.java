package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.bench.PolicyDecisionBenchmark;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.identity.Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random requests answered by the optimized authorizer (with and without its cache) and by the
 * reference (whole policy set, all entities, no cache) must get the same decision, deciding
 * policies and failing policies, for every policy set the project ships or benchmarks, and for a
 * set of unusual policies that exercise every shape the optimizations reason about.
 */
class CedarAuthorizerEquivalenceTest {
    private static final String SCHEMA = "classpath:governance/mcp.cedarschema";
    private static final int REQUESTS = 1500;

    private static final List<String> GROUPS = Stream.concat(
            Stream.iterate(0, i -> i + 1).limit(20).map(i -> "team-" + i),
            Stream.of("admins", "staff", "support", "billing", "tool-users", "tool-admins", "auditors")).toList();
    private static final List<String> SCOPES = List.of("mcp/invoke", "mcp/all", "mcp-proxy/invoke", "mcp-proxy/admin", "a");
    /** The roles the cdk environments' policies read (identity.roles in their proxy.yaml). */
    private static final List<String> ROLES = List.of("caller", "tool-user", "admin", "auditor");
    private static final List<String> UPSTREAMS = Stream.concat(
            Stream.iterate(0, i -> i + 1).limit(10).map(i -> "svc-" + i), Stream.of("demo", "")).toList();
    private static final List<String> TOOL_NAMES = List.of("read_3", "write_3", "write_13", "write_7", "charge_card",
            "get_customer", "delete_customer", "search");
    private static final List<String> URIS = List.of("demo://customers/1", "secret://keys", "file:///tmp/a", "customer://{id}");
    private static final List<String> HINTS = List.of("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint");
    private static final List<String> ARGUMENTS = List.of("amount", "amountCents", "customerId", "note", "nested", "price",
            "limit");

    /** Unvalidated policies reaching every corner of scope slicing and attribute pruning. */
    private static final String UNUSUAL = """
            permit (principal, action in Mcp::Action::"useTool", resource)
              when { principal.hasTag("email") && principal.getTag("email") like "*@example.com" };
            forbid (principal, action == Mcp::Action::"callTool", resource) when { principal.getTag("dept") == "x" };
            forbid (principal, action == Mcp::Action::"callTool", resource) when { context == {} };
            permit (principal is Mcp::User in Mcp::Group::"staff", action in [Mcp::Action::"listTool", Mcp::Action::"listPrompt"],
                    resource is Mcp::Tool in Mcp::Upstream::"svc-1");
            permit (principal == Mcp::User::"user-1", action, resource == Mcp::Tool::"demo__search");
            permit (principal is Mcp::Client, action == Mcp::Action::"readResource", resource is Mcp::Resource);
            forbid (principal, action == Mcp::Action::"callTool", resource)
              when { context.arguments has nested.a && context.arguments.nested.a.b > 3 };
            permit (principal, action == Mcp::Action::"callTool", resource)
              when { context.arguments.nested == {"a": {"b": 1}} };
            permit (principal, action, resource in Mcp::Upstream::"svc-4")
              when { (if context.time.hourUtc < 12 then principal else resource) has scopes };
            forbid (principal, action, resource is Mcp::Resource) when { context.time.epochSeconds > 1796000000 };
            forbid (principal, action == Mcp::Action::"callTool", resource)
              when { context.arguments has price && context.arguments.price.greaterThan(decimal("10.5")) };
            forbid (principal, action == Mcp::Action::"getPrompt", resource) when { principal.anonymous };
            permit (principal, action, resource) when { Mcp::Group::"staff" has foo || Mcp::Upstream::"svc-2" in Mcp::Upstream::"svc-2" && resource in Mcp::Upstream::"svc-2" && resource.upstream == "svc-2" && context.upstream == "svc-2" };
            forbid (principal, action, resource)
              when { action in Mcp::Action::"useResource" && resource has uri && resource.uri like "secret://*" };
            permit (principal, action, resource is Mcp::Tool)
              when { principal.scopes.containsAny(["a", "mcp/all"]) && context.time.weekdayUtc == "MONDAY" };
            permit (principal, action == Mcp::Action::"listTool", resource)
              when { principal.clientId == "web-app" && resource.idempotent && context.arguments.amount > 1 };
            permit (principal, action in Mcp::Action::"usePrompt", resource) when { Mcp::User::"user-1".scopes.contains("a") };
            forbid (principal, action == Mcp::Action::"listPrompt", resource) when { Mcp::User::"user-2".hasTag("email") };
            permit (principal, action == Mcp::Action::"getPrompt", resource) when { Mcp::User::"user-1" in Mcp::Group::"team-3" };
            permit (principal in Mcp::Group::"auditors", action, resource) when { context.time.hourUtc > 20 && principal in Mcp::Group::"staff" };
            permit (principal, action in [Mcp::Action::"useResource", Mcp::Action::"usePrompt"], resource) unless { principal.anonymous };
            """;

    static Stream<Arguments> policySets() throws Exception {
        List<Arguments> sets = new ArrayList<>();
        sets.add(Arguments.of("fifty benchmark policies", load(write(PolicyDecisionBenchmark.fiftyPolicySource()))));
        sets.add(Arguments.of("demo policies", load(PolicyConfig.DEMO.policies().getFirst())));
        sets.add(Arguments.of("test policies", load("classpath:governance/test-policies.cedar")));
        try (Stream<Path> environments = Files.list(Path.of("../cdk/environments"))) {
            for (Path environment : environments.sorted().toList()) {
                Path policies = environment.resolve("policies");
                if (Files.isDirectory(policies)) {
                    sets.add(Arguments.of("cdk " + environment.getFileName(), load(policies.toString())));
                }
            }
        }
        sets.add(Arguments.of("unusual policies", PolicySet.parsePolicies(UNUSUAL)));
        return sets.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policySets")
    void optimizedAnswersEqualTheReference(String name, PolicySet policies) {
        ReferenceAuthorizer reference = new ReferenceAuthorizer(policies);
        CedarAuthorizer cached = new CedarAuthorizer(policies, 200);
        CedarAuthorizer uncached = new CedarAuthorizer(policies, 0);
        Random random = new Random(name.hashCode());
        List<Request> drawn = new ArrayList<>();
        Set<String> outcomes = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            // a third are repeats, so that the cache answers some of them
            Request request = !drawn.isEmpty() && random.nextInt(3) == 0
                    ? drawn.get(random.nextInt(drawn.size())) : Request.random(random);
            drawn.add(request);
            Optional<CedarAnswer> expected = request.answer(reference);
            assertThat(request.answer(cached)).as("%s, cached: %s", name, request).isEqualTo(expected);
            assertThat(request.answer(uncached)).as("%s, uncached: %s", name, request).isEqualTo(expected);
            expected.ifPresent(answer -> outcomes.add(!answer.errors().isEmpty() ? "error"
                    : answer.allowed() ? "allow" : answer.reasons().isEmpty() ? "deny" : "forbid"));
        }
        assertThat(outcomes).as("the requests reach permits and denials").contains("allow", "deny");
        if (name.startsWith("unusual") || name.startsWith("fifty")) {
            assertThat(outcomes).as("the requests reach forbids and failing policies").contains("forbid", "error");
        }
    }

    /** One random authorization request, as the policy stage builds them. */
    private record Request(Entity principal, Set<Entity> groups, McpAction action, Entity resource, Set<Entity> parents,
                           Map<String, Value> context, String described) {

        Optional<CedarAnswer> answer(PolicyAuthorizer authorizer) {
            return authorizer.answer(principal, groups, action, resource, parents, context);
        }

        @Override
        public String toString() {
            return described;
        }

        static Request random(Random random) {
            String id = "user-" + random.nextInt(4);
            boolean machine = random.nextInt(4) == 0;
            Principal who = new Principal(id, machine ? id : random.nextBoolean() ? "web-app" : null,
                    subset(random, SCOPES, 2), subset(random, GROUPS, 4), claims(random), random.nextInt(5) == 0,
                    subset(random, ROLES, 2));
            String upstream = pick(random, UPSTREAMS);
            McpAction action = pick(random, List.of(McpAction.values()));
            Entity resource = switch (action) {
                case LIST_TOOL, CALL_TOOL -> {
                    String name = pick(random, TOOL_NAMES);
                    yield McpEntities.tool(upstream + "__" + name, upstream, name, toolDescriptor(random));
                }
                case LIST_RESOURCE, READ_RESOURCE -> McpEntities.resource(pick(random, URIS), upstream);
                case LIST_PROMPT, GET_PROMPT -> McpEntities.prompt(upstream + "__greet", upstream, "greet");
                case DETOKENIZE -> McpEntities.resource(pick(random, URIS), upstream);
            };
            Map<String, Value> context = context(random, action, upstream);
            return new Request(McpEntities.principal(who), McpEntities.groups(who), action, resource,
                    Set.of(McpEntities.upstream(upstream)), context,
                    who + " " + action + " " + resource.getEUID() + " " + context);
        }

        private static Map<String, Value> context(Random random, McpAction action, String upstream) {
            Instant now = Instant.ofEpochSecond(1_780_000_000L + random.nextLong(40_000_000L));
            Map<String, Value> context = new HashMap<>(PolicyStage.context(now,
                    action == McpAction.CALL_TOOL ? "tools/call" : "tools/list", upstream));
            if (action == McpAction.CALL_TOOL) {
                context.put("arguments", CedarValues.of(arguments(random)));
            }
            return context;
        }

        private static JsonNode toolDescriptor(Random random) {
            ObjectNode descriptor = JsonNodeFactory.instance.objectNode();
            ObjectNode annotations = descriptor.putObject("annotations");
            for (String hint : HINTS) {
                switch (random.nextInt(4)) {
                    case 0 -> annotations.put(hint, true);
                    case 1 -> annotations.put(hint, false);
                    case 2 -> annotations.put(hint, "yes");
                    default -> {
                    }
                }
            }
            return descriptor;
        }

        /** Numbers, strings, nested records and values of the wrong type for the policies. */
        private static ObjectNode arguments(Random random) {
            ObjectNode arguments = JsonNodeFactory.instance.objectNode();
            for (String name : subset(random, ARGUMENTS, 3)) {
                switch (random.nextInt(8)) {
                    case 0, 1 -> arguments.put(name, random.nextInt(20_000) - 1_000);
                    case 2 -> arguments.put(name, "lots");
                    case 3 -> arguments.put(name, random.nextInt(2_000) / 100.0);
                    case 4 -> arguments.putObject(name).putObject("a").put("b", random.nextInt(6));
                    case 5 -> arguments.putArray(name).add(1).add("two");
                    case 6 -> arguments.put(name, random.nextBoolean());
                    default -> arguments.putNull(name);
                }
            }
            return arguments;
        }

        private static Map<String, String> claims(Random random) {
            Map<String, String> claims = new HashMap<>();
            if (random.nextBoolean()) {
                claims.put("email", random.nextBoolean() ? "someone@example.com" : "someone@elsewhere.org");
            }
            if (random.nextInt(4) == 0) {
                claims.put("dept", random.nextBoolean() ? "x" : "y");
            }
            return claims;
        }

        private static <T> T pick(Random random, List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private static Set<String> subset(Random random, List<String> values, int atMost) {
            Set<String> subset = new HashSet<>();
            int size = random.nextInt(atMost + 1);
            while (subset.size() < size) {
                subset.add(pick(random, values));
            }
            return subset;
        }
    }

    private static String write(String source) throws IOException {
        Path file = Files.createTempFile("policies", ".cedar");
        file.toFile().deleteOnExit();
        return Files.writeString(file, source).toString();
    }

    private static PolicySet load(String location) {
        ConfigProblems problems = new ConfigProblems();
        CedarPolicyLoader.Loaded loaded = CedarPolicyLoader.load(new PolicyConfig(true, List.of(location), SCHEMA, null,
                null), "policy", problems);
        problems.throwIfAny();
        return loaded.policies();
    }
}
