package dev.mcpproxy.proxy.governance.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Real Cedar evaluation of the policies in {@code governance/test-policies.cedar}. */
class PolicyStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "classpath:governance/mcp.cedarschema";
    private static final String POLICIES = "classpath:governance/test-policies.cedar";
    private static final ItemOrigins ORIGINS = (method, name) -> {
        int separator = name.indexOf("__");
        return separator < 0 ? null : new ItemOrigins.Origin(name.substring(0, separator), name.substring(separator + 2));
    };
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:00Z"), ZoneOffset.UTC);

    private static final Principal SUPPORT = new Principal("alice", "web-app", Set.of("mcp/invoke"), Set.of("support"),
            Map.of(), false);
    private static final Principal ADMIN = new Principal("root", "web-app", Set.of(), Set.of("admins"), Map.of(), false);
    private static final Principal MACHINE = new Principal("batch-client", "batch-client", Set.of(), Set.of(), Map.of(),
            false);

    private final PolicyStage enforcing = stage(PolicyConfig.Mode.ENFORCE, false);

    private static PolicyStage stage(PolicyConfig.Mode mode, boolean exposePolicyIds) {
        return PolicyStage.create(new PolicyConfig(true, List.of(POLICIES), SCHEMA, mode, exposePolicyIds), ORIGINS, CLOCK);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode tool(String name, String annotations) {
        return json("{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\"}"
                + (annotations == null ? "" : ",\"annotations\":" + annotations) + "}");
    }

    private static final ObjectNode GET_CUSTOMER = tool("get_customer", "{\"readOnlyHint\":true}");
    private static final ObjectNode DELETE_CUSTOMER = tool("delete_customer", "{\"destructiveHint\":true}");
    private static final ObjectNode REFUND = tool("refund", null);

    private static Exchange call(Principal principal, String upstream, ObjectNode descriptor, String arguments) {
        String upstreamName = descriptor.get("name").asText();
        ObjectNode params = json("{\"name\":\"" + upstream + "__" + upstreamName + "\",\"arguments\":" + arguments + "}");
        return new Exchange("tools/call", params, principal, "session-1", IntNode.valueOf(7), new AuditEvent())
                .route(upstream, upstream + "__" + upstreamName, upstreamName, descriptor);
    }

    private static Exchange listing(String method, Principal principal) {
        return new Exchange(method, json("{}"), principal, "session-1", IntNode.valueOf(8), new AuditEvent());
    }

    private static ArrayNode toolList() {
        ArrayNode items = JSON.createArrayNode();
        for (ObjectNode descriptor : List.of(GET_CUSTOMER, DELETE_CUSTOMER, REFUND)) {
            items.add(descriptor.deepCopy().put("name", "crm__" + descriptor.get("name").asText()));
        }
        items.add(tool("billing__get_invoice", "{\"readOnlyHint\":true}"));
        return items;
    }

    private static List<String> names(ArrayNode items, String field) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get(field).asText()).toList();
    }

    private static GovernanceException denied(PolicyStage stage, Exchange exchange) {
        GovernanceException denial = catchThrowableOfType(GovernanceException.class, () -> stage.onRequest(exchange));
        assertThat(denial).as("the call must be denied").isNotNull();
        assertThat(denial.code()).isEqualTo(JsonRpcErrors.FORBIDDEN);
        assertThat(denial.getMessage()).isEqualTo("Not permitted by policy");
        return denial;
    }

    @Test
    void groupMembershipAllowsReadingCustomers() throws Exception {
        Exchange exchange = call(SUPPORT, "crm", GET_CUSTOMER, "{\"customerId\":\"c-17\"}");

        enforcing.onRequest(exchange);

        assertThat(exchange.audit().get("decision")).isEqualTo("allow");
        assertThat(exchange.audit().get("policyIds")).isEqualTo(List.of("support-reads-customers"));
    }

    @Test
    void destructiveToolsAreDeniedToAMachineClientWhichMayStillRead() throws Exception {
        Exchange delete = call(MACHINE, "crm", DELETE_CUSTOMER, "{\"customerId\":\"c-17\"}");

        GovernanceException denial = denied(enforcing, delete);

        assertThat(denial.data()).as("no policy internals by default").isNull();
        assertThat(delete.audit().get("decision")).isEqualTo("deny");
        assertThat(delete.audit().get("policyIds")).isEqualTo(List.of("no-destructive-for-clients"));
        assertThatCode(() -> enforcing.onRequest(call(MACHINE, "crm", GET_CUSTOMER, "{}"))).doesNotThrowAnyException();
    }

    @Test
    void toolsWithoutHintsAreDestructiveByMcpDefault() {
        Exchange refund = call(MACHINE, "crm", REFUND, "{\"amount\":5}");

        denied(enforcing, refund);
    }

    @Test
    void argumentConditionLimitsRefundsExceptForAdmins() throws Exception {
        Exchange small = call(SUPPORT, "crm", REFUND, "{\"amount\":500}");
        enforcing.onRequest(small);
        assertThat(small.audit().get("decision")).isEqualTo("allow");

        Exchange large = call(SUPPORT, "crm", REFUND, "{\"amount\":5000}");
        denied(enforcing, large);
        assertThat(large.audit().get("policyIds")).isEqualTo(List.of("refund-limit"));

        Exchange byAdmin = call(ADMIN, "crm", REFUND, "{\"amount\":5000}");
        enforcing.onRequest(byAdmin);
        assertThat(byAdmin.audit().get("decision")).isEqualTo("allow");
    }

    @Test
    void anArgumentOfTheWrongTypeFailsClosed() {
        Exchange odd = call(SUPPORT, "crm", REFUND, "{\"amount\":\"a lot\"}");

        denied(enforcing, odd);
        assertThat(odd.audit().get("policyIds")).isEqualTo(List.of("refund-limit"));
    }

    @Test
    void argumentsBeyondCedarsBoundsAreRefusedBeforeCedarSeesThem() {
        // Cedar's native code panics at about 125 levels and prints the whole request to stderr.
        String deep = "{\"amount\":" + "[".repeat(200) + "\"planted-secret\"" + "]".repeat(200) + "}";
        String wide = "{\"amount\":\"" + "x".repeat(CedarBounds.MAX_CHARS + 1) + "\"}";
        for (PolicyConfig.Mode mode : PolicyConfig.Mode.values()) {
            for (String arguments : List.of(deep, wide)) {
                Exchange exchange = call(SUPPORT, "crm", REFUND, arguments);
                GovernanceException refused = catchThrowableOfType(GovernanceException.class,
                        () -> stage(mode, false).onRequest(exchange));
                assertThat(refused).as("refused in %s mode", mode).isNotNull();
                assertThat(refused.code()).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
                assertThat(refused.getMessage()).startsWith("Arguments too large or too deeply nested for policy "
                        + "evaluation (at most 64 levels").doesNotContain("planted-secret");
                assertThat(exchange.audit().get("decision")).isEqualTo("deny");
            }
        }
        // Within the bounds (context.arguments is level 1, the number level 64) Cedar decides as usual:
        // a list is the wrong type for the amount.
        int lists = CedarBounds.MAX_DEPTH - 2;
        String withinBounds = "{\"amount\":" + "[".repeat(lists) + "1" + "]".repeat(lists) + "}";
        denied(enforcing, call(SUPPORT, "crm", REFUND, withinBounds));
    }

    @Test
    void listingsShowOnlyWhatThePrincipalMayUseAndHiddenToolsCannotBeCalled() {
        Exchange list = listing("tools/list", SUPPORT);
        ArrayNode items = toolList();

        enforcing.onListing(list, items);

        assertThat(names(items, "name")).containsExactly("crm__get_customer", "crm__refund");
        assertThat(list.audit().get("decision")).isEqualTo("filtered");
        assertThat(list.audit().get("hidden")).isEqualTo(2);
        denied(enforcing, call(SUPPORT, "crm", DELETE_CUSTOMER, "{}"));
        denied(enforcing, call(SUPPORT, "billing", tool("get_invoice", "{\"readOnlyHint\":true}"), "{}"));
    }

    @Test
    void machineClientListsOnlyReadOnlyTools() {
        ArrayNode items = toolList();

        enforcing.onListing(listing("tools/list", MACHINE), items);

        assertThat(names(items, "name")).containsExactly("crm__get_customer", "billing__get_invoice");
    }

    @Test
    void resourcesAndTemplatesAreFilteredByUri() throws Exception {
        ArrayNode resources = JSON.createArrayNode();
        resources.add(json("{\"uri\":\"docs://handbook\",\"name\":\"handbook\"}"));
        resources.add(json("{\"uri\":\"secret://payroll\",\"name\":\"payroll\"}"));
        ArrayNode templates = JSON.createArrayNode();
        templates.add(json("{\"uriTemplate\":\"docs://pages/{page}\",\"name\":\"pages\"}"));
        templates.add(json("{\"uriTemplate\":\"secret://{id}\",\"name\":\"secrets\"}"));

        enforcing.onListing(listing("resources/list", Principal.ANONYMOUS), resources);
        enforcing.onListing(listing("resources/templates/list", Principal.ANONYMOUS), templates);

        assertThat(names(resources, "uri")).containsExactly("docs://handbook");
        assertThat(names(templates, "uriTemplate")).containsExactly("docs://pages/{page}");
        Exchange read = new Exchange("resources/read", json("{\"uri\":\"secret://payroll\"}"), Principal.ANONYMOUS,
                null, IntNode.valueOf(9), new AuditEvent()).route("vault", "secret://payroll", "secret://payroll", null);
        denied(enforcing, read);
    }

    @Test
    void promptsNobodyIsPermittedAreHiddenFromEveryoneButAdmins() {
        ArrayNode forSupport = JSON.createArrayNode().add(json("{\"name\":\"crm__summarize\"}"));
        ArrayNode forAdmin = forSupport.deepCopy();

        enforcing.onListing(listing("prompts/list", SUPPORT), forSupport);
        enforcing.onListing(listing("prompts/list", ADMIN), forAdmin);

        assertThat(forSupport).isEmpty();
        assertThat(names(forAdmin, "name")).containsExactly("crm__summarize");
    }

    @Test
    void completionsAndSubscriptionsFollowThePromptOrResourceTheyConcern() throws Exception {
        Exchange completion = new Exchange("completion/complete",
                json("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"crm__summarize\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}"),
                SUPPORT, null, IntNode.valueOf(3), new AuditEvent()).route("crm", "crm__summarize", "summarize", null);
        Exchange subscription = new Exchange("resources/subscribe", json("{\"uri\":\"docs://handbook\"}"), SUPPORT,
                null, IntNode.valueOf(4), new AuditEvent()).route("wiki", "docs://handbook", "docs://handbook", null);

        denied(enforcing, completion);
        enforcing.onRequest(subscription);
        assertThat(subscription.audit().get("decision")).isEqualTo("allow");
    }

    @Test
    void claimsMappedFromTheTokenAreTagsOfThePrincipal() throws Exception {
        Principal staff = new Principal("bob", "web-app", Set.of(), Set.of(), Map.of("email", "bob@corp.example"), false);
        Principal outsider = new Principal("eve", "web-app", Set.of(), Set.of(), Map.of("email", "eve@else.example"), false);

        enforcing.onRequest(read(staff, "reports://q3"));
        denied(enforcing, read(outsider, "reports://q3"));
    }

    private static Exchange read(Principal principal, String uri) {
        return new Exchange("resources/read", json("{\"uri\":\"" + uri + "\"}"), principal, null, IntNode.valueOf(5),
                new AuditEvent()).route("reports", uri, uri, null);
    }

    @Test
    void shadowModeAuditsWouldBeDenialsWithoutEnforcing() throws Exception {
        PolicyStage shadow = stage(PolicyConfig.Mode.SHADOW, false);
        Exchange delete = call(MACHINE, "crm", DELETE_CUSTOMER, "{}");

        shadow.onRequest(delete);
        ArrayNode items = toolList();
        Exchange list = listing("tools/list", MACHINE);
        shadow.onListing(list, items);

        assertThat(delete.audit().get("decision")).isEqualTo("shadow-deny");
        assertThat(delete.audit().get("policyIds")).isEqualTo(List.of("no-destructive-for-clients"));
        assertThat(items).hasSize(4);
        assertThat(list.audit().get("decision")).isEqualTo("shadow-deny");
        assertThat(list.audit().get("hidden")).isEqualTo(2);
    }

    @Test
    void policyIdsAreToldToTheCallerOnlyWhenConfigured() {
        GovernanceException denial = denied(stage(PolicyConfig.Mode.ENFORCE, true),
                call(MACHINE, "crm", DELETE_CUSTOMER, "{}"));

        assertThat(denial.data().get("policyIds")).containsExactly(JSON.getNodeFactory().textNode("no-destructive-for-clients"));
    }

    @Test
    void aPolicyThatFailsSchemaValidationStopsStartupWithFileAndLine() {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> PolicyStage.create(
                new PolicyConfig(true, List.of("classpath:governance/invalid-policies.cedar"), SCHEMA, null, null),
                ORIGINS, CLOCK));

        assertThat(failure.problems()).singleElement().asString()
                .startsWith("policy.policies[0]: classpath:governance/invalid-policies.cedar line 6: ")
                .contains("colour");
    }

    @Test
    void aPolicyThatDoesNotParseStopsStartupWithFileAndLine(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("broken.cedar");
        try (InputStream in = getClass().getResourceAsStream("/governance/unparsable-policies.cedar")) {
            Files.write(file, in.readAllBytes());
        }

        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> PolicyStage.create(
                new PolicyConfig(true, List.of(directory.toString()), SCHEMA, null, null), ORIGINS, CLOCK));

        assertThat(failure.problems()).singleElement().asString()
                .startsWith("policy.policies[0]: " + file + " line 5: ");
    }

    @Test
    void missingSchemaAndFilesAreConfigurationProblems() {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> PolicyStage.create(
                new PolicyConfig(true, List.of("/nonexistent/policies.cedar"), "/nonexistent/schema.cedarschema", null,
                        null), ORIGINS, CLOCK));

        assertThat(failure.problems()).hasSize(2);
        assertThat(failure.problems().get(0)).startsWith("policy.schema: cannot read /nonexistent/schema.cedarschema");
        assertThat(failure.problems().get(1)).startsWith("policy.policies[0]: cannot read /nonexistent/policies.cedar");
    }

    @Test
    void disabledPolicyMeansNoStage() {
        assertThat(PolicyStage.create(PolicyConfig.DISABLED, ORIGINS)).isNull();
    }

}
