package dev.mcpproxy.proxy.governance.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each class of validation failure, with the JSON pointer in the message and no value echoed. */
class ValidationStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sk-live-9f8e7d6c5b4a";

    private static final String CUSTOMER_SCHEMA = """
            {"type":"object","required":["customerId"],"properties":{
              "customerId":{"type":"string","pattern":"^c-[0-9]+$"},
              "amount":{"type":"integer","maximum":1000},
              "note":{"type":"string","maxLength":10},
              "mode":{"enum":["fast","safe"]}}}""";

    private final ValidationStage stage = ValidationStage.create(ValidationConfig.DEFAULTS);

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Exchange call(String tool, String inputSchema, String arguments) {
        ObjectNode descriptor = json("{\"name\":\"" + tool + "\",\"inputSchema\":" + inputSchema + "}");
        return callWith(tool, descriptor, arguments);
    }

    private static Exchange callWith(String tool, ObjectNode descriptor, String arguments) {
        ObjectNode params = json("{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
        return new Exchange("tools/call", params, Principal.ANONYMOUS, null, IntNode.valueOf(1), new AuditEvent())
                .route("crm", tool, tool, descriptor);
    }

    private static GovernanceException rejected(ValidationStage stage, Exchange exchange) {
        GovernanceException failure = catchThrowableOfType(GovernanceException.class, () -> stage.onRequest(exchange));
        assertThat(failure).as("arguments must be rejected").isNotNull();
        assertThat(failure.code()).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
        assertThat(exchange.audit().get("validation")).isEqualTo("invalid");
        return failure;
    }

    private static List<String> pointers(GovernanceException failure) {
        return failure.data().get("errors").valueStream().map(e -> e.get("pointer").asText()).toList();
    }

    @Test
    void validArgumentsPass() throws Exception {
        Exchange exchange = call("get_customer", CUSTOMER_SCHEMA, "{\"customerId\":\"c-17\",\"amount\":5}");

        stage.onRequest(exchange);

        assertThat(exchange.audit().get("validation")).isEqualTo("ok");
    }

    @Test
    void typeRequiredAndRangeViolationsNameTheirPointers() {
        GovernanceException failure = rejected(stage, call("refund", CUSTOMER_SCHEMA, "{\"amount\":\"ten\",\"note\":\"x\"}"));

        assertThat(pointers(failure)).containsExactlyInAnyOrder("", "/amount");
        assertThat(failure.getMessage()).startsWith("Invalid arguments for tool refund: ")
                .contains("/amount: ").contains("(arguments): ").contains("customerId");
        assertThat(rejected(stage, call("refund", CUSTOMER_SCHEMA, "{\"customerId\":\"c-1\",\"amount\":5000}"))
                .getMessage()).contains("/amount: ");
    }

    @Test
    void secretValuesAreNeverEchoed() {
        GovernanceException failure = rejected(stage, call("get_customer", CUSTOMER_SCHEMA,
                "{\"customerId\":\"" + SECRET + "\",\"note\":\"" + SECRET + "\",\"mode\":\"" + SECRET + "\"}"));

        assertThat(pointers(failure)).containsExactlyInAnyOrder("/customerId", "/note", "/mode");
        assertThat(failure.getMessage()).doesNotContain(SECRET).doesNotContain("9f8e7d");
        assertThat(failure.data().toString()).doesNotContain(SECRET);
    }

    @Test
    void theDialectFollowsDollarSchemaAndDefaultsTo2020_12() {
        String draft7 = """
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                 "properties":{"pair":{"type":"array","items":[{"type":"string"},{"type":"integer"}]}}}""";
        String noDialect = """
                {"type":"object","properties":{"pair":{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}]}}}""";

        assertThat(pointers(rejected(stage, call("draft7", draft7, "{\"pair\":[\"a\",\"b\"]}")))).containsExactly("/pair/1");
        assertThat(pointers(rejected(stage, call("modern", noDialect, "{\"pair\":[\"a\",\"b\"]}")))).containsExactly("/pair/1");
    }

    @Test
    void aChangedSchemaReplacesTheCachedOne() throws Exception {
        stage.onRequest(call("evolving", "{\"type\":\"object\"}", "{\"limit\":\"many\"}"));

        GovernanceException failure = rejected(stage, call("evolving",
                "{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"integer\"}}}", "{\"limit\":\"many\"}"));

        assertThat(pointers(failure)).containsExactly("/limit");
    }

    @Test
    void extraRulesCoverSizeLengthPatternsAndAllowedValues() {
        ToolRules defaults = new ToolRules(null, 20, List.of("@pathTraversal"), null);
        ToolRules fileTool = new ToolRules(100, null, List.of("(?i)\\bpasswd\\b"), Map.of(
                "mode", new ArgumentRules(null, null, List.of(JSON.getNodeFactory().textNode("read"),
                        JSON.getNodeFactory().textNode("stat"))),
                "command", new ArgumentRules(5, List.of("@shellMetacharacters"), null)));
        ValidationStage ruled = ValidationStage.create(new ValidationConfig(null, null, null, defaults,
                Map.of("files__read", fileTool)));
        String open = "{\"type\":\"object\"}";

        assertThat(pointers(rejected(ruled, call("files__read", open, "{\"path\":\"../../etc/shadow\"}"))))
                .containsExactly("/path");
        assertThat(pointers(rejected(ruled, call("files__read", open, "{\"path\":\"/etc/passwd\"}"))))
                .containsExactly("/path");
        assertThat(pointers(rejected(ruled, call("files__read", open, "{\"items\":[{\"note\":\"" + "x".repeat(21) + "\"}]}"))))
                .containsExactly("/items/0/note");
        assertThat(pointers(rejected(ruled, call("files__read", open, "{\"mode\":\"write\"}")))).containsExactly("/mode");
        assertThat(rejected(ruled, call("files__read", open, "{\"command\":\"ls; rm\"}")).getMessage())
                .isEqualTo("Invalid arguments for tool files__read: /command: string is longer than 5 characters; "
                        + "/command: matches denied pattern @shellMetacharacters");
        assertThat(pointers(rejected(ruled, call("files__read", open, "{\"blob\":\"" + "a".repeat(15) + "\",\"b2\":\""
                + "b".repeat(15) + "\",\"b3\":\"" + "c".repeat(15) + "\",\"b4\":\"" + "d".repeat(15) + "\",\"b5\":\""
                + "e".repeat(15) + "\",\"b6\":\"" + "f".repeat(15) + "\",\"b7\":\"" + "g".repeat(15) + "\"}"))))
                .containsExactly("");
        assertThat(rejected(ruled, call("files__read", open, "{\"path\":\"../x\"}")).getMessage())
                .isEqualTo("Invalid arguments for tool files__read: /path: matches denied pattern @pathTraversal");
        assertThatCode(() -> ruled.onRequest(call("files__read", open, "{\"path\":\"docs/a.txt\",\"mode\":\"stat\"}")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ruled.onRequest(call("other", open, "{\"command\":\"ls;rm\"}")))
                .as("argument rules belong to their tool").doesNotThrowAnyException();
    }

    @Test
    void outputSchemaViolationsAreAuditedOrTurnedIntoToolErrors() {
        ObjectNode descriptor = json("""
                {"name":"stats","inputSchema":{"type":"object"},
                 "outputSchema":{"type":"object","required":["count"],"properties":{"count":{"type":"integer"}}}}""");
        ObjectNode bad = json("{\"content\":[{\"type\":\"text\",\"text\":\"{}\"}],\"structuredContent\":{\"count\":\"x\"}}");

        Exchange audited = callWith("stats", descriptor, "{}");
        ObjectNode auditedResult = bad.deepCopy();
        ValidationStage.create(new ValidationConfig(null, null, ValidationConfig.OutputSchemaMode.AUDIT, null, null))
                .onResult(audited, auditedResult);
        assertThat(audited.audit().get("outputValidation")).isEqualTo("invalid");
        assertThat(auditedResult).isEqualTo(bad);

        Exchange strict = callWith("stats", descriptor, "{}");
        ObjectNode strictResult = bad.deepCopy();
        ValidationStage.create(new ValidationConfig(null, null, ValidationConfig.OutputSchemaMode.ERROR, null, null))
                .onResult(strict, strictResult);
        assertThat(strictResult.get("isError").asBoolean()).isTrue();
        assertThat(strictResult.has("structuredContent")).isFalse();

        Exchange fine = callWith("stats", descriptor, "{}");
        ObjectNode good = json("{\"content\":[],\"structuredContent\":{\"count\":3}}");
        ValidationStage.create(new ValidationConfig(null, null, ValidationConfig.OutputSchemaMode.ERROR, null, null))
                .onResult(fine, good);
        assertThat(fine.audit().get("outputValidation")).isEqualTo("ok");
    }

    @Test
    void otherMethodsAreNotTouched() {
        Exchange list = new Exchange("prompts/get", json("{\"name\":\"p\",\"arguments\":{\"a\":\"../..\"}}"),
                Principal.ANONYMOUS, null, IntNode.valueOf(2), new AuditEvent());

        assertThatCode(() -> stage.onRequest(list)).doesNotThrowAnyException();
    }

    @Test
    void invalidRulesAreConfigurationProblems() {
        ToolRules broken = new ToolRules(0, null, List.of("([unclosed", "@nope"),
                Map.of("mode", new ArgumentRules(null, null, List.of(json("{\"a\":1}")))));

        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> ValidationStage.create(
                new ValidationConfig(null, null, null, null, Map.of("files__read", broken))));

        assertThat(failure.problems()).containsExactly(
                "validation.tools.files__read.maxArgumentBytes: must be positive",
                "validation.tools.files__read.denyPatterns[0]: not a valid regular expression",
                "validation.tools.files__read.denyPatterns[1]: unknown preset (known: @pathTraversal, @shellMetacharacters, @sqlMetacharacters)",
                "validation.tools.files__read.arguments.mode.allowedValues[0]: must be a string, number or boolean");
    }

}
