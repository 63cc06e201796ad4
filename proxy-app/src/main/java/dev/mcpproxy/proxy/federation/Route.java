package dev.mcpproxy.proxy.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a client-visible tool, prompt or resource lives.
 *
 * @param upstream     the owning upstream's configured name
 * @param upstreamName the name (or URI) as the upstream knows it, prefix removed
 * @param descriptor   the tool, prompt, resource or resource template as the upstream listed it
 *                     (unprefixed; shared, do not modify)
 */
public record Route(String upstream, String upstreamName, ObjectNode descriptor) {
}
