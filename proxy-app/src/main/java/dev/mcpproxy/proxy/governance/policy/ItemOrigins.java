package dev.mcpproxy.proxy.governance.policy;

import dev.mcpproxy.proxy.federation.Catalog;
import dev.mcpproxy.proxy.federation.Route;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells the policy stage which upstream a listed item comes from (listings are merged, so the
 * item alone does not say). Wired to the federation catalog.
 */
@FunctionalInterface
public interface ItemOrigins {

    /** When nothing is known: the item belongs to no upstream and keeps its client-facing name. */
    ItemOrigins UNKNOWN = (method, clientName) -> null;

    /** Looks items up in the current federation catalog (resource templates included). */
    static ItemOrigins fromCatalog(Supplier<Catalog> catalog) {
        return (method, clientName) -> {
            Catalog current = catalog.get();
            Optional<Route> route = method.startsWith("tools/") ? current.tool(clientName)
                    : method.startsWith("prompts/") ? current.prompt(clientName) : current.resource(clientName);
            return route.map(found -> new Origin(found.upstream(), found.upstreamName())).orElse(null);
        };
    }

    /**
     * @param method     the listing method, e.g. {@code tools/list}
     * @param clientName the item's client-facing name (tools, prompts) or URI / URI template (resources)
     * @return the origin, or null when unknown
     */
    Origin of(String method, String clientName);

    record Origin(String upstream, String upstreamName) {
    }
}
