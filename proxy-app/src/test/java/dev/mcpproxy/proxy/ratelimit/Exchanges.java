package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.identity.Principal;

import java.util.Map;
import java.util.Set;

/** Routed exchanges as the core hands them to the governance chain. */
final class Exchanges {
    private Exchanges() {
    }

    static Exchange toolCall(String principalId, String upstream, String tool) {
        Principal principal = new Principal(principalId, "client-" + principalId, Set.of(), Set.of(), Map.of(), false);
        return new Exchange("tools/call", JsonNodeFactory.instance.objectNode().put("name", tool), principal, null,
                JsonNodeFactory.instance.numberNode(1), new AuditEvent())
                .route(upstream, upstream + "__" + tool, tool, JsonNodeFactory.instance.objectNode());
    }

    static Exchange resourceRead(String principalId, String upstream, String uri) {
        Principal principal = new Principal(principalId, "client-" + principalId, Set.of(), Set.of(), Map.of(), false);
        return new Exchange("resources/read", JsonNodeFactory.instance.objectNode().put("uri", uri), principal, null,
                JsonNodeFactory.instance.numberNode(1), new AuditEvent()).route(upstream, uri, uri, null);
    }
}
