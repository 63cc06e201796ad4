package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.EntityUID;

import java.util.Set;

/**
 * The Cedar actions: seeing an item in a listing and using it, grouped per kind
 * ({@code useTool}, {@code useResource}, {@code usePrompt}) so one policy can cover both; and
 * seeing personal data in what an item returns ({@code detokenize}), in no group, so that no grant
 * of use covers it by accident.
 */
enum McpAction {
    LIST_TOOL("listTool", "useTool"),
    CALL_TOOL("callTool", "useTool"),
    LIST_RESOURCE("listResource", "useResource"),
    READ_RESOURCE("readResource", "useResource"),
    LIST_PROMPT("listPrompt", "usePrompt"),
    GET_PROMPT("getPrompt", "usePrompt"),
    /** Seeing personal data in clear in what a tool, resource or prompt returns (the PII stage asks). */
    DETOKENIZE("detokenize", null);

    final EntityUID uid;
    /** The action (its group as parent, so that {@code action in …} works) and the group itself. */
    final Set<Entity> entities;

    /** @param group the action group, or null for an action of its own */
    McpAction(String id, String group) {
        this.uid = McpEntities.ACTION.of(id);
        if (group == null) {
            this.entities = Set.of(new Entity(uid));
        } else {
            EntityUID groupUid = McpEntities.ACTION.of(group);
            this.entities = Set.of(new Entity(uid, Set.of(groupUid)), new Entity(groupUid));
        }
    }
}
