package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One step of the governance chain. Stages run in configured order on the way in, and in reverse
 * order on the way out. A new stage is one class implementing this plus its configuration record.
 */
public interface GovernanceStage {

    /** Short name used in logs, audit facts and span names, e.g. {@code policy}. */
    String name();

    /**
     * Before the request is forwarded. May change {@link Exchange#params()} in place, add audit
     * facts, or reject by throwing.
     */
    default void onRequest(Exchange exchange) throws GovernanceException {
    }

    /**
     * On a successful upstream result, before it reaches the client. May change {@code result}
     * in place.
     */
    default void onResult(Exchange exchange, ObjectNode result) {
    }

    /**
     * On the merged items of a listing ({@code tools/list}, {@code resources/list},
     * {@code resources/templates/list}, {@code prompts/list}; {@link Exchange#method()} says
     * which). May remove items the principal must not see.
     */
    default void onListing(Exchange exchange, ArrayNode items) {
    }

    /** Whether {@link #onListing} may leave different items for different callers (then a listing is private). */
    default boolean listingVariesByCaller() {
        return false;
    }

    /**
     * Whether this stage finds personal data in resource URIs and says, through
     * {@link Exchange#showTargetAs}, what of the URI audit and spans may show; until it has run
     * they show none of it.
     */
    default boolean guardsResourceUris() {
        return false;
    }

    /**
     * The request passed every stage but failed after them: the upstream answered with a
     * JSON-RPC error, or could not be reached. {@code errorCode} is the code the client receives.
     */
    default void onFailure(Exchange exchange, int errorCode) {
    }
}
