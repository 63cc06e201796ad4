package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The scope of one policy ({@code principal}, {@code action}, {@code resource} constraints), read
 * from its JSON form. Cedar checks the scope before the conditions, so a policy whose scope does not
 * match a request neither decides nor fails it and can be left out of that request's policy set.
 * A scope this class does not understand (a template slot, a future form) is taken as
 * {@link #ANY}, which always matches, and left for Cedar to check.
 */
record PolicyScope(Constraint principal, Constraint action, Constraint resource) {

    static final PolicyScope ANY = new PolicyScope(Constraint.ANY, Constraint.ANY, Constraint.ANY);

    /** One request variable's UID and its ancestors (the transitive {@code in} relation). */
    record Subject(EntityUID uid, Set<EntityUID> ancestors) {
    }

    boolean matches(Subject principal, Subject action, Subject resource) {
        return this.principal.matches(principal) && this.action.matches(action) && this.resource.matches(resource);
    }

    /** The scope of a policy in Cedar's JSON policy format, or null when it is not understood. */
    static PolicyScope of(JsonNode policy) {
        Constraint principal = constraint(policy.get("principal"));
        Constraint action = constraint(policy.get("action"));
        Constraint resource = constraint(policy.get("resource"));
        return principal == null || action == null || resource == null ? null
                : new PolicyScope(principal, action, resource);
    }

    /** Null when not understood. */
    private static Constraint constraint(JsonNode node) {
        if (node == null || !node.path("op").isTextual()) {
            return null;
        }
        return switch (node.get("op").asText()) {
            case "All" -> Constraint.ANY;
            case "==" -> entity(node.get("entity")) instanceof EntityUID uid ? new Constraint(null, List.of(uid), true) : null;
            case "in" -> {
                List<EntityUID> entities = node.has("entities") ? entities(node.get("entities")) : single(node.get("entity"));
                yield entities == null ? null : new Constraint(null, entities, false);
            }
            case "is" -> {
                EntityTypeName type = node.path("entity_type").isTextual()
                        ? EntityTypeName.parse(node.get("entity_type").asText()).orElse(null) : null;
                List<EntityUID> in = node.has("in") ? single(node.get("in").get("entity")) : List.of();
                yield type == null || in == null ? null : new Constraint(type, in.isEmpty() ? null : in, false);
            }
            default -> null;
        };
    }

    private static List<EntityUID> single(JsonNode node) {
        EntityUID uid = entity(node);
        return uid == null ? null : List.of(uid);
    }

    private static List<EntityUID> entities(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<EntityUID> entities = new ArrayList<>();
        for (JsonNode node : array) {
            EntityUID uid = entity(node);
            if (uid == null) {
                return null;
            }
            entities.add(uid);
        }
        return entities;
    }

    /** {@code {"type": …, "id": …}}, also wrapped as {@code {"__entity": …}}; null otherwise. */
    private static EntityUID entity(JsonNode node) {
        JsonNode reference = node != null && node.has("__entity") ? node.get("__entity") : node;
        if (reference == null || !reference.path("type").isTextual() || !reference.path("id").isTextual()) {
            return null;
        }
        return EntityTypeName.parse(reference.get("type").asText())
                .map(type -> type.of(reference.get("id").asText())).orElse(null);
    }

    /**
     * {@code type} (for {@code is}) and {@code entities} (null: any) must both hold; with
     * {@code equal} the UID must be the entity, otherwise it may also be one of its descendants.
     */
    record Constraint(EntityTypeName type, List<EntityUID> entities, boolean equal) {
        static final Constraint ANY = new Constraint(null, null, false);

        boolean matches(Subject subject) {
            if (type != null && !type.equals(subject.uid().getType())) {
                return false;
            }
            if (entities == null) {
                return true;
            }
            for (EntityUID entity : entities) {
                if (entity.equals(subject.uid()) || !equal && subject.ancestors().contains(entity)) {
                    return true;
                }
            }
            return false;
        }
    }
}
