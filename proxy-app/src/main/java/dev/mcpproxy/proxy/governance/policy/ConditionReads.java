package dev.mcpproxy.proxy.governance.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects what one policy's conditions read, walking their expressions in Cedar's JSON policy
 * format. An attribute chain rooted at a variable ({@code context.arguments.amount},
 * {@code context.arguments has amount}) reads that path; {@code context} used as a whole reads all
 * of it; {@code principal} or {@code resource} used as a whole ({@code principal in …},
 * {@code resource == …}) reads only the UID and ancestors, which are always sent (the proxy's
 * attributes and context never hold entities, so no path leads from them to another entity).
 * Attributes and tags of an entity named in the policy ({@code Mcp::User::"alice".scopes}) are
 * read from principal and resource, as it may be either; any other entity is sent unpruned, or
 * not at all when it is bare, which Cedar answers for exactly like a bare one ({@code has} false,
 * attribute access an error).
 * The ancestors of an entity matter only on the left of {@code in} ({@code … is T in …}).
 * Any other shape that could reach request data (an attribute of a computed value, an unknown
 * operator) marks the policy as reading everything.
 */
final class ConditionReads {
    private static final Set<String> BINARY = Set.of("==", "!=", "in", "<", "<=", ">", ">=", "&&", "||", "+", "-", "*",
            "contains", "containsAll", "containsAny");
    private static final Set<String> UNARY = Set.of("!", "neg", "isEmpty");

    private final PolicyReads reads = new PolicyReads();

    private ConditionReads() {
    }

    /** What the conditions of a policy (in JSON form) read. */
    static PolicyReads of(JsonNode policy) {
        ConditionReads walker = new ConditionReads();
        JsonNode conditions = policy.get("conditions");
        if (conditions == null || !conditions.isArray()) {
            walker.reads.everything = true;
        } else {
            conditions.forEach(condition -> walker.expression(condition.get("body")));
        }
        return walker.reads;
    }

    private void expression(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            reads.everything = true;
            return;
        }
        Map.Entry<String, JsonNode> only = node.properties().iterator().next();
        String operator = only.getKey();
        JsonNode operands = only.getValue();
        switch (operator) {
            case "Value", "Slot" -> {
                // literals (an entity used as a whole: its UID) and template slots
            }
            case "Var" -> path(node, List.of());
            case ".", "has" -> {
                List<String> path = chain(operands.get("left"));
                if (path == null || !operands.path("attr").isTextual()) {
                    reads.everything = true;
                } else {
                    path.add(operands.get("attr").asText());
                    path(operands.get("left"), path);
                }
            }
            case "hasTag", "getTag" -> {
                tags(operands.get("left"));
                expression(operands.get("right"));
            }
            case "like" -> expression(operands.get("left"));
            case "is" -> {
                if (operands.has("in")) {
                    ancestors(operands.get("left"));
                }
                expression(operands.get("left"));
                if (operands.has("in")) {
                    expression(operands.get("in"));
                }
            }
            case "if-then-else" -> {
                expression(operands.get("if"));
                expression(operands.get("then"));
                expression(operands.get("else"));
            }
            case "Set" -> each(operands);
            case "Record" -> {
                if (operands.isObject()) {
                    operands.forEach(this::expression);
                } else {
                    reads.everything = true;
                }
            }
            default -> {
                if ("in".equals(operator)) {
                    ancestors(operands.get("left"));
                }
                if (BINARY.contains(operator)) {
                    expression(operands.get("left"));
                    expression(operands.get("right"));
                } else if (UNARY.contains(operator)) {
                    expression(operands.get("arg"));
                } else {
                    // an extension function or method call: {"decimal": [..]}, {"lessThan": [..]}
                    each(operands);
                }
            }
        }
    }

    private void each(JsonNode array) {
        if (array == null || !array.isArray()) {
            reads.everything = true;
            return;
        }
        array.forEach(this::expression);
    }

    /**
     * Records a path read from the root of {@code chain} (a variable or an entity named in the
     * policy): {@code path} continues below it. Called with a chain {@link #chain} accepted.
     */
    private void path(JsonNode chain, List<String> path) {
        JsonNode root = chain;
        while (root.has(".")) {
            root = root.get(".").get("left");
        }
        if (entityLiteral(root)) {
            if (!path.isEmpty()) {
                reads.principal.add(path);
                reads.resource.add(path);
            }
            return;
        }
        switch (root.get("Var").asText()) {
            case "principal" -> {
                if (!path.isEmpty()) {
                    reads.principal.add(path);
                }
            }
            case "resource" -> {
                if (!path.isEmpty()) {
                    reads.resource.add(path);
                }
            }
            case "context" -> reads.context.add(path);
            case "action" -> {
                // the action entity is always sent as it is
            }
            default -> reads.everything = true;
        }
    }

    private static boolean entityLiteral(JsonNode node) {
        return node != null && node.path("Value").has("__entity");
    }

    /**
     * The attribute names of a {@code .} chain down from a variable or an entity named in the
     * policy ({@code context.a.b}: a, b); null otherwise.
     */
    private static List<String> chain(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            return null;
        }
        if (node.has("Var") || entityLiteral(node)) {
            return new ArrayList<>();
        }
        JsonNode access = node.get(".");
        if (access == null || !access.path("attr").isTextual()) {
            return null;
        }
        List<String> path = chain(access.get("left"));
        if (path != null) {
            path.add(access.get("attr").asText());
        }
        return path;
    }

    /** The left side of an {@code in}: whose ancestors it compares. */
    private void ancestors(JsonNode entity) {
        switch (entity == null ? "" : entity.path("Var").asText("")) {
            case "principal" -> reads.principalAncestors = true;
            case "action" -> reads.actionAncestors = true;
            case "resource" -> reads.resourceAncestors = true;
            // context, a literal or a computed value: it may be any of them
            default -> reads.allAncestors();
        }
    }

    private void tags(JsonNode entity) {
        String variable = entity == null ? null : entity.path("Var").asText(null);
        if ("principal".equals(variable)) {
            reads.principalTags = true;
        } else if ("resource".equals(variable)) {
            reads.resourceTags = true;
        } else if (entityLiteral(entity)) {
            reads.principalTags = true;
            reads.resourceTags = true;
        } else {
            reads.everything = true;
        }
    }
}
