package dev.mcpproxy.proxy.upstream;

import java.time.Instant;

/**
 * The health of one upstream as the health endpoint reports it.
 *
 * @param lastError the message of the last failure (names the upstream, no bodies), or null
 * @param since     when the upstream entered {@code state}
 */
public record UpstreamHealth(String name, UpstreamState state, String lastError, Instant since,
                             String protocolVersion, int tools, int resources, int prompts) {

    public boolean ready() {
        return state == UpstreamState.READY;
    }
}
