package dev.mcpproxy.proxy.governance.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code validation:} section.
 *
 * @param enabled      validate at all (default true)
 * @param inputSchema  check {@code tools/call} arguments against the tool's {@code inputSchema} (default true)
 * @param outputSchema what to do when {@code structuredContent} does not match {@code outputSchema}:
 *                     {@code none} (default), {@code audit}, or {@code error} (the client gets a tool error);
 *                     not {@code off}, which YAML reads as false
 * @param defaults     rules for every tool
 * @param tools        further rules per client-facing tool name
 */
public record ValidationConfig(Boolean enabled, Boolean inputSchema, OutputSchemaMode outputSchema, ToolRules defaults,
                               Map<String, ToolRules> tools) {

    public static final ValidationConfig DEFAULTS = new ValidationConfig(null, null, null, null, null);

    public enum OutputSchemaMode {
        @JsonProperty("none") NONE,
        @JsonProperty("audit") AUDIT,
        @JsonProperty("error") ERROR
    }

    public ValidationConfig {
        enabled = enabled == null || enabled;
        inputSchema = inputSchema == null || inputSchema;
        outputSchema = outputSchema == null ? OutputSchemaMode.NONE : outputSchema;
        defaults = defaults == null ? ToolRules.NONE : defaults;
        tools = tools == null ? Map.of() : new TreeMap<>(tools);
    }

    public void validate(String key, ConfigProblems problems) {
        defaults.validate(key + ".defaults", problems);
        tools.forEach((tool, rules) -> {
            if (rules == null) {
                problems.add(key + ".tools." + tool, "must not be empty");
            } else {
                rules.validate(key + ".tools." + tool, problems);
            }
        });
    }

    /** The defaults combined with the tool's own rules. */
    ToolRules rulesFor(String tool) {
        ToolRules specific = tools.get(tool);
        return specific == null ? defaults : defaults.overriddenBy(specific);
    }
}
