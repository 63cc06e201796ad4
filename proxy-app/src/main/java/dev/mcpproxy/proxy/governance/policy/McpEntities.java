package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.identity.Principal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Cedar entities the proxy speaks about, in namespace {@code Mcp} (see {@code docs/governance.md}):
 * {@code User} and {@code Client} principals in {@code Group}s; {@code Tool}, {@code Resource} and
 * {@code Prompt} resources in their {@code Upstream}; the actions and their groups.
 */
final class McpEntities {
    static final EntityTypeName USER = type("Mcp::User");
    static final EntityTypeName CLIENT = type("Mcp::Client");
    static final EntityTypeName GROUP = type("Mcp::Group");
    static final EntityTypeName UPSTREAM = type("Mcp::Upstream");
    static final EntityTypeName TOOL = type("Mcp::Tool");
    static final EntityTypeName RESOURCE = type("Mcp::Resource");
    static final EntityTypeName PROMPT = type("Mcp::Prompt");
    static final EntityTypeName ACTION = type("Mcp::Action");

    private McpEntities() {
    }

    private static EntityTypeName type(String name) {
        return EntityTypeName.parse(name).orElseThrow();
    }

    /**
     * A machine client (OAuth client credentials: subject equals client id, as Cognito issues them)
     * is a {@code Client}; everyone else, the anonymous caller included, a {@code User}.
     */
    static Entity principal(Principal principal) {
        boolean machine = principal.clientId() != null && principal.clientId().equals(principal.id());
        Map<String, Value> attributes = new HashMap<>();
        attributes.put("clientId", new PrimString(principal.clientId() == null ? "" : principal.clientId()));
        attributes.put("scopes", CedarValues.strings(principal.scopes()));
        attributes.put("roles", CedarValues.strings(principal.roles()));
        if (!machine) {
            attributes.put("anonymous", new PrimBool(principal.anonymous()));
        }
        Map<String, Value> tags = new HashMap<>();
        principal.claims().forEach((name, value) -> tags.put(name, new PrimString(value)));
        Set<EntityUID> groups = principal.groups().stream().map(GROUP::of).collect(Collectors.toSet());
        return new Entity((machine ? CLIENT : USER).of(principal.id()), attributes, groups, tags);
    }

    static Set<Entity> groups(Principal principal) {
        return principal.groups().stream().map(group -> new Entity(GROUP.of(group))).collect(Collectors.toSet());
    }

    static Entity upstream(String upstream) {
        return new Entity(UPSTREAM.of(upstream));
    }

    /**
     * A tool with its annotations. MCP's defaults apply to absent hints: a tool is destructive
     * unless it says it is read-only or not destructive, and open-world unless it says otherwise.
     */
    static Entity tool(String clientName, String upstream, String upstreamName, JsonNode descriptor) {
        JsonNode hints = descriptor == null ? null : descriptor.get("annotations");
        boolean readOnly = hint(hints, "readOnlyHint", false);
        Map<String, Value> attributes = new HashMap<>();
        attributes.put("name", new PrimString(upstreamName));
        attributes.put("upstream", new PrimString(upstream));
        attributes.put("readOnly", new PrimBool(readOnly));
        attributes.put("destructive", new PrimBool(!readOnly && hint(hints, "destructiveHint", true)));
        attributes.put("idempotent", new PrimBool(hint(hints, "idempotentHint", false)));
        attributes.put("openWorld", new PrimBool(hint(hints, "openWorldHint", true)));
        return new Entity(TOOL.of(clientName), attributes, Set.of(UPSTREAM.of(upstream)));
    }

    static Entity resource(String uri, String upstream) {
        Map<String, Value> attributes = Map.of("uri", new PrimString(uri), "upstream", new PrimString(upstream));
        return new Entity(RESOURCE.of(uri), new HashMap<>(attributes), Set.of(UPSTREAM.of(upstream)));
    }

    static Entity prompt(String clientName, String upstream, String upstreamName) {
        Map<String, Value> attributes = Map.of("name", new PrimString(upstreamName), "upstream", new PrimString(upstream));
        return new Entity(PROMPT.of(clientName), new HashMap<>(attributes), Set.of(UPSTREAM.of(upstream)));
    }

    private static boolean hint(JsonNode hints, String name, boolean absent) {
        JsonNode value = hints == null ? null : hints.get(name);
        return value == null || !value.isBoolean() ? absent : value.booleanValue();
    }
}
