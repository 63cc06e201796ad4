package dev.mcpproxy.proxy.governance.policy;

/**
 * Tells the policy stage which upstream a listed item comes from (listings are merged, so the
 * item alone does not say). Wired to the federation catalog.
 */
@FunctionalInterface
public interface ItemOrigins {

    /** When nothing is known: the item belongs to no upstream and keeps its client-facing name. */
    ItemOrigins UNKNOWN = (method, clientName) -> null;

    /**
     * @param method     the listing method, e.g. {@code tools/list}
     * @param clientName the item's client-facing name (tools, prompts) or URI / URI template (resources)
     * @return the origin, or null when unknown
     */
    Origin of(String method, String clientName);

    record Origin(String upstream, String upstreamName) {
    }
}
