package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.identity.Principal;

/**
 * Governs messages that pass between an upstream and a client outside the request-result pair the
 * stages see: what an upstream streams while answering (its requests, such as sampling and
 * elicitation, and its notifications) and the client's answers to those requests.
 */
public interface RelayGuard {

    /**
     * A request or notification {@code exchange}'s upstream sent while answering it, before it
     * reaches the client. May change {@code message} in place; facts go to the exchange's audit event.
     */
    void onServerMessage(Exchange exchange, ObjectNode message);

    /**
     * A client's answer to a relayed server-to-client request, before it reaches the upstream. May
     * change {@code response} in place, or turn it into a JSON-RPC error for the upstream.
     *
     * @return the exchange the answer was governed as (its method the request answered, its audit
     *         event the facts), or null when the answer carries nothing this guard governs
     */
    Exchange onClientAnswer(Principal principal, String sessionId, ObjectNode response);
}
