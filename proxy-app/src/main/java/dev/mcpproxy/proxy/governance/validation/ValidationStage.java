package dev.mcpproxy.proxy.governance.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Input validation for {@code tools/call}: the arguments against the tool's own
 * {@code inputSchema}, then the configured extra rules. A violation is answered with -32602 and
 * messages that point at the failing JSON pointer without repeating the value. Optionally checks
 * {@code structuredContent} against {@code outputSchema} on the way back.
 */
public final class ValidationStage implements GovernanceStage {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationStage.class);
    private static final int MAX_REPORTED = 20;

    private final ValidationConfig config;
    private final InputSchemas schemas = new InputSchemas();
    private final Map<String, ArgumentRuleChecker> checkers = new ConcurrentHashMap<>();

    private ValidationStage(ValidationConfig config) {
        this.config = config;
    }

    /** The stage, or null when validation is disabled; invalid rules throw {@link dev.mcpproxy.proxy.config.ConfigException}. */
    public static ValidationStage create(ValidationConfig config) {
        if (!config.enabled()) {
            return null;
        }
        ConfigProblems problems = new ConfigProblems();
        config.validate("validation", problems);
        problems.throwIfAny();
        return new ValidationStage(config);
    }

    @Override
    public String name() {
        return "validation";
    }

    /** Drops the compiled schemas; call when the catalog changes. */
    public void onCatalogChanged() {
        schemas.clear();
    }

    @Override
    public void onRequest(Exchange exchange) throws GovernanceException {
        if (!"tools/call".equals(exchange.method()) || exchange.target() == null) {
            return;
        }
        String tool = exchange.target();
        JsonNode arguments = exchange.params() == null ? null : exchange.params().get("arguments");
        JsonNode checked = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
        List<Violation> violations = new ArrayList<>();
        JsonNode inputSchema = exchange.descriptor() == null ? null : exchange.descriptor().get("inputSchema");
        boolean schemaChecked = config.inputSchema() && inputSchema != null && inputSchema.isObject();
        if (schemaChecked) {
            violations.addAll(schemas.validate("input:" + tool, inputSchema, checked));
        }
        violations.addAll(checkers.computeIfAbsent(tool,
                name -> new ArgumentRuleChecker(config.rulesFor(name), "validation.tools." + name)).check(checked));

        if (violations.isEmpty()) {
            exchange.audit().put(AuditFields.VALIDATION, schemaChecked ? "ok" : "rules-only");
            return;
        }
        exchange.audit().put(AuditFields.VALIDATION, "invalid").put(AuditFields.VALIDATION_ERRORS, violations.size());
        LOG.debug("Arguments for tool {} rejected: {} violation(s)", tool, violations.size());
        throw invalid(tool, violations);
    }

    @Override
    public void onResult(Exchange exchange, ObjectNode result) {
        if (config.outputSchema() == ValidationConfig.OutputSchemaMode.NONE || !"tools/call".equals(exchange.method())
                || exchange.descriptor() == null || result.path("isError").asBoolean(false)) {
            return;
        }
        JsonNode outputSchema = exchange.descriptor().get("outputSchema");
        if (outputSchema == null || !outputSchema.isObject()) {
            return;
        }
        JsonNode structured = result.get("structuredContent");
        List<Violation> violations = structured == null
                ? List.of(new Violation("", "structuredContent is missing although the tool declares an outputSchema"))
                : schemas.validate("output:" + exchange.target(), outputSchema, structured);
        if (violations.isEmpty()) {
            exchange.audit().put(AuditFields.OUTPUT_VALIDATION, "ok");
            return;
        }
        exchange.audit().put(AuditFields.OUTPUT_VALIDATION, "invalid");
        LOG.warn("Result of tool {} does not match its outputSchema: {} violation(s)", exchange.target(), violations.size());
        if (config.outputSchema() == ValidationConfig.OutputSchemaMode.ERROR) {
            result.removeAll();
            result.putArray("content").addObject().put("type", "text")
                    .put("text", "The tool's result did not match its declared output schema.");
            result.put("isError", true);
        }
    }

    private static GovernanceException invalid(String tool, List<Violation> violations) {
        List<Violation> reported = violations.subList(0, Math.min(violations.size(), MAX_REPORTED));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode errors = data.putArray("errors");
        reported.forEach(v -> errors.addObject().put("pointer", v.pointer()).put("message", v.message()));
        StringBuilder message = new StringBuilder("Invalid arguments for tool ").append(tool).append(": ");
        message.append(String.join("; ", reported.stream().map(Violation::toString).toList()));
        if (violations.size() > reported.size()) {
            message.append("; and ").append(violations.size() - reported.size()).append(" more");
        }
        return new GovernanceException(JsonRpcErrors.INVALID_PARAMS, message.toString(), data);
    }
}
