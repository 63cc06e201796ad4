package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ForwardedCall;
import dev.mcpproxy.proxy.dispatch.ReplyStream;
import dev.mcpproxy.proxy.dispatch.UpstreamAccess;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.session.SharedUpstreams;
import dev.mcpproxy.proxy.upstream.InputRequestIds;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstream connections of one 2026-07-28 request: always the shared ones (the era has no
 * sessions). A question an upstream asks while answering (elicitation, sampling, roots) needs a
 * capability the client declares per request; when it did not, the request ends with
 * {@code MissingRequiredClientCapability} ({@link #missingCapability()}). Otherwise the question is
 * bridged into the multi round-trip pattern: questions the client answered in earlier rounds
 * (sealed in the retry's {@code requestState}) are answered from those, in order, and the next
 * ones from the retry's {@code inputResponses}, by key; the questions left end this attempt
 * ({@link #questions()}), and the caller returns them to the client as one {@code input_required}
 * result. A question keeps the key a 2026-07-28 upstream gave it ({@link InputRequestIds}); a
 * 2025-era upstream's is keyed by its position among the call's questions. The upstream is told
 * that its question goes to the client.
 */
final class ModernUpstreams implements UpstreamAccess {
    private static final Logger log = LoggerFactory.getLogger(ModernUpstreams.class);
    /** The client capability each server-to-client request needs (2026-07-28 ClientCapabilities). */
    private static final Map<String, String> NEEDED = Map.of("elicitation/create", "elicitation",
            "sampling/createMessage", "sampling", "roots/list", "roots");

    /** Key of a 2025-era upstream's question: its position among the call's questions. */
    private static final String POSITION_KEY = "q";

    private final SharedUpstreams.Connections connections;
    private final ObjectNode clientCapabilities;
    private final List<JsonNode> answers;
    private final ObjectNode inputResponses;
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final AtomicInteger asked = new AtomicInteger();
    private volatile String missingCapability;
    private final List<Question> questions = new CopyOnWriteArrayList<>();

    /** A question of the upstream for the client: its key among the call's input requests, and the request. */
    record Question(String key, String method, JsonNode params) {
    }

    /**
     * @param answers        the client's answers to the call's first questions, from earlier rounds
     * @param inputResponses the retry's answers to the questions asked last, by key (or an empty object)
     */
    ModernUpstreams(SharedUpstreams.Connections connections, ObjectNode clientCapabilities, List<JsonNode> answers,
                    ObjectNode inputResponses) {
        this.connections = connections;
        this.clientCapabilities = clientCapabilities;
        this.answers = new CopyOnWriteArrayList<>(answers);
        // Not a copy: governance (PII) protects the answers in place while the request is dispatched.
        this.inputResponses = inputResponses;
    }

    @Override
    public UpstreamConnection connection(String upstream) throws UpstreamException {
        return connections.shared(upstream);
    }

    @Override
    public void serverRequest(ForwardedCall call, ObjectNode request, ReplyStream reply) {
        String method = request.path("method").asText();
        String capability = NEEDED.get(method);
        int index = asked.getAndIncrement();
        ObjectNode answer;
        if ("ping".equals(method)) {
            // A 2025-era upstream checking that its client is there: the proxy answers for it.
            asked.decrementAndGet();
            answer = JsonRpc.result(request.get("id"), JsonNodeFactory.instance.objectNode());
        } else if (capability == null) {
            answer = JsonRpc.error(request.get("id"), JsonRpcErrors.METHOD_NOT_FOUND, method + " is not available");
        } else if (!clientCapabilities.has(capability)) {
            missingCapability = capability;
            answer = JsonRpc.error(request.get("id"), JsonRpcErrors.METHOD_NOT_FOUND, method
                    + " is not available: the client did not declare the '" + capability + "' capability");
        } else if (index < answers.size()) {
            answer = JsonRpc.result(request.get("id"), answers.get(index));
        } else {
            String key = InputRequestIds.key(request.get("id"));
            key = key == null ? POSITION_KEY + index : key;
            // Each answer is used once: an upstream asking again under the same key is asked anew.
            if (index == answers.size() && inputResponses.get(key) instanceof ObjectNode given && used.add(key)) {
                answers.add(given);
                answer = JsonRpc.result(request.get("id"), given);
            } else {
                questions.add(new Question(key, method, request.path("params").deepCopy()));
                answer = JsonRpc.error(request.get("id"), JsonRpcErrors.INTERNAL_ERROR, method
                        + " goes to the client as an input_required result; the call is repeated with its answer");
            }
        }
        try {
            connections.shared(call.upstream()).respond(answer);
        } catch (UpstreamException e) {
            log.warn("The answer to {} could not be passed on: {}", method, e.getMessage());
        }
    }

    /** The questions the client has not answered yet, in the order asked. */
    List<Question> questions() {
        return List.copyOf(questions);
    }

    /** The client's answers to the call's questions so far, in the order asked. */
    List<JsonNode> answers() {
        return List.copyOf(answers);
    }

    /** The capability an upstream needed from the client but the client did not declare, or null. */
    String missingCapability() {
        return missingCapability;
    }

    /** The {@code MissingRequiredClientCapability} error for {@link #missingCapability()}. */
    ObjectNode missingCapabilityError(JsonNode id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.putObject("requiredCapabilities").putObject(missingCapability);
        return JsonRpc.error(id, JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY,
                "Missing required client capability: " + missingCapability, data);
    }

    @Override
    public void clientResponse(ObjectNode response) {
        log.debug("Ignored a client response: 2026-07-28 clients send none");
    }

    @Override
    public void notifyOpenSessions(ObjectNode notification) {
        log.debug("Client notification not passed on: a 2026-07-28 client has no upstream sessions");
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String sessionId() {
        return null;
    }
}
