package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/** The message paths the PII stage scans, named by the method of the message that carries the data. */
final class PiiPaths {
    static final String TOOLS_CALL = "tools/call";
    static final String PROMPTS_GET = "prompts/get";
    static final String COMPLETE = "completion/complete";
    static final String RESOURCES_READ = "resources/read";
    static final String RESOURCES_SUBSCRIBE = "resources/subscribe";
    static final String RESOURCES_UNSUBSCRIBE = "resources/unsubscribe";
    static final String SAMPLING = "sampling/createMessage";
    static final String ELICITATION = "elicitation/create";
    static final String LOG_MESSAGE = "notifications/message";

    /** Data a client sends toward an upstream: request params, and answers to server-to-client requests. */
    static final List<String> INBOUND = List.of(TOOLS_CALL, PROMPTS_GET, COMPLETE, RESOURCES_READ,
            RESOURCES_SUBSCRIBE, SAMPLING, ELICITATION);
    /** Data an upstream sends toward a client: results, and its own requests and log messages. */
    static final List<String> OUTBOUND = List.of(TOOLS_CALL, PROMPTS_GET, COMPLETE, RESOURCES_READ, SAMPLING,
            ELICITATION, LOG_MESSAGE);
    /** Paths whose rules may name items: tools, prompts (completions by the prompt they complete). */
    static final Set<String> NAMED_ITEMS = Set.of(TOOLS_CALL, PROMPTS_GET, COMPLETE);

    private PiiPaths() {
    }

    /**
     * The path whose rules apply to {@code method}: an unsubscribe must name the URI exactly as the
     * subscribe did, so it takes the subscribe's rules.
     */
    static String ruledAs(String method) {
        return RESOURCES_UNSUBSCRIBE.equals(method) ? RESOURCES_SUBSCRIBE : method;
    }

    /**
     * Which server-to-client request an answer (or a 2026-07-28 input response) answers, told by
     * its shape: elicitation answers carry {@code action}, sampling answers {@code role} and
     * {@code content}; null for anything else (roots, say), which is not scanned.
     */
    static String answered(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            return null;
        }
        if (answer.has("action")) {
            return ELICITATION;
        }
        return answer.has("content") && answer.has("role") ? SAMPLING : null;
    }
}
