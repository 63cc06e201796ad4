package dev.mcpproxy.proxy.governance;

/**
 * The stage that records each governed request ({@code audit.AuditTrail}). The chain runs it as
 * the outermost stage and calls {@link #complete} on every way out, so each governed request
 * ends in exactly one event.
 */
public interface RequestAudit extends GovernanceStage {

    /**
     * Writes the request's event once its answer is known; later calls for the same exchange do nothing.
     *
     * @param errorCode the JSON-RPC error code sent to the client, or null on success
     */
    void complete(Exchange exchange, Integer errorCode);
}
