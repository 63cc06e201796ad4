package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.EntityUID;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The Cedar actions: seeing an item in a listing and using it, grouped per kind
 * ({@code useTool}, {@code useResource}, {@code usePrompt}) so one policy can cover both.
 */
enum McpAction {
    LIST_TOOL("listTool", "useTool"),
    CALL_TOOL("callTool", "useTool"),
    LIST_RESOURCE("listResource", "useResource"),
    READ_RESOURCE("readResource", "useResource"),
    LIST_PROMPT("listPrompt", "usePrompt"),
    GET_PROMPT("getPrompt", "usePrompt");

    /** Every action entity with its group, passed with each request so {@code action in …} works. */
    static final Set<Entity> ENTITIES = entities();

    final EntityUID uid;
    private final EntityUID group;

    McpAction(String id, String group) {
        this.uid = McpEntities.ACTION.of(id);
        this.group = McpEntities.ACTION.of(group);
    }

    private static Set<Entity> entities() {
        Set<Entity> entities = new HashSet<>();
        Arrays.stream(values()).forEach(action -> {
            entities.add(new Entity(action.uid, Set.of(action.group)));
            entities.add(new Entity(action.group));
        });
        return Set.copyOf(entities);
    }
}
