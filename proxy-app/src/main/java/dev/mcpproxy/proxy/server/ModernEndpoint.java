package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.CallContext;
import dev.mcpproxy.proxy.dispatch.Dispatcher;
import dev.mcpproxy.proxy.dispatch.ModernEra;
import dev.mcpproxy.proxy.dispatch.ProtocolEra;
import dev.mcpproxy.proxy.dispatch.ReplyStream;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.mrtr.RequestStates;
import dev.mcpproxy.proxy.session.SharedUpstreams;
import dev.mcpproxy.proxy.telemetry.TraceHeaders;
import io.opentelemetry.context.Scope;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * One POST of the 2026-07-28 era, after the endpoint's shared checks (origin, media types, size,
 * authentication): a single JSON-RPC request checked against its headers, dispatched statelessly
 * on the shared upstream connections, or a {@code subscriptions/listen} stream. Mode-independent:
 * this era has no sessions, so {@code server.sessionMode} does not apply to it.
 */
final class ModernEndpoint {
    private static final Logger bodies = LoggerFactory.getLogger("dev.mcpproxy.proxy.bodies");
    /** RFC 5424 severities in the order of the MCP {@code LoggingLevel} type, least severe first. */
    /** The requests that may answer input_required (basic/patterns/mrtr, "Supported Requests"). */
    private static final Set<String> MRTR_METHODS = Set.of("tools/call", "prompts/get", "resources/read");
    private static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error",
            "critical", "alert", "emergency");

    private final Dispatcher dispatcher;
    private final SharedUpstreams.Connections shared;
    private final SubscriptionStreams subscriptions;
    private final RequestStates requestStates;
    private final List<String> supportedVersions;
    private final boolean debugBodies;
    private final ObjectMapper mapper;

    ModernEndpoint(Dispatcher dispatcher, SharedUpstreams.Connections shared, SubscriptionStreams subscriptions,
                   RequestStates requestStates, List<String> supportedVersions, boolean debugBodies,
                   ObjectMapper mapper) {
        this.dispatcher = dispatcher;
        this.shared = shared;
        this.subscriptions = subscriptions;
        this.requestStates = requestStates;
        this.supportedVersions = List.copyOf(supportedVersions);
        this.debugBodies = debugBodies;
        this.mapper = mapper;
    }

    void serve(Request request, Response response, ProtocolEra era, JsonNode parsed, Principal principal)
            throws IOException {
        if (!parsed.isObject()) {
            respond(response, 400, JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: protocol version 2026-07-28 takes one JSON-RPC message per POST, not a batch"));
            return;
        }
        ObjectNode message = (ObjectNode) parsed;
        switch (JsonRpc.kind(message)) {
            case INVALID -> respond(response, 400, Dispatcher.invalidRequest(message));
            case RESPONSE -> respond(response, 400, JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: a 2026-07-28 client sends no JSON-RPC responses"));
            case NOTIFICATION -> notification(response, message);
            case REQUEST -> request(request, response, era, message, principal);
        }
    }

    /**
     * Closing a response stream is the cancellation in this era; a {@code notifications/cancelled}
     * (which SDKs still send) is accepted and has nothing left to do. The revision defines no other
     * client notification over Streamable HTTP.
     */
    private void notification(Response response, ObjectNode message) throws IOException {
        String method = message.get("method").textValue();
        if ("notifications/cancelled".equals(method)) {
            response.setStatus(202);
            HttpReply.write(response, true, "");
            return;
        }
        respond(response, 400, JsonRpc.error(null, JsonRpcErrors.METHOD_NOT_FOUND,
                "Notification not part of protocol version 2026-07-28: " + method));
    }

    private void request(Request request, Response response, ProtocolEra era, ObjectNode message,
                         Principal principal) throws IOException {
        String method = message.get("method").textValue();
        ModernRequestCheck.Refusal refusal = ModernRequestCheck.check(request.getHeaders(), message,
                supportedVersions);
        if (refusal == null && "tools/call".equals(method) && message.path("params").path("name").isTextual()) {
            refusal = ParamHeaderCheck.check(request.getHeaders(), message,
                    dispatcher.toolInputSchema(message.path("params").path("name").textValue()));
        }
        if (refusal != null) {
            respond(response, refusal.status(), refusal.error());
            return;
        }
        ObjectNode params = JsonRpc.params(message);
        if ("subscriptions/listen".equals(method)) {
            subscriptions.serve(response, mapper, message.get("id"), params);
            return;
        }
        String caller = principal == null ? "" : principal.id();
        List<JsonNode> answers;
        try {
            answers = earlierAnswers(caller, method, params);
        } catch (RequestStates.RejectedException e) {
            respond(response, 400, JsonRpc.error(message.get("id"), JsonRpcErrors.INVALID_PARAMS,
                    "Invalid params: " + e.getMessage()));
            return;
        }
        ObjectNode meta = (ObjectNode) params.get("_meta");
        ModernUpstreams upstreams = new ModernUpstreams(shared, (ObjectNode) meta.get(ModernEra.META_CLIENT_CAPABILITIES),
                answers, params.get("inputResponses") instanceof ObjectNode given ? given : mapper.createObjectNode());
        HttpReply reply = new HttpReply(response, mapper);
        String version = meta.get(ModernEra.META_VERSION).textValue();
        CallContext context = new CallContext(era, version, principal, upstreams, null,
                logFilter(meta.path(ModernEra.META_LOG_LEVEL).asText(null), reply));
        ObjectNode answer;
        try (Scope ignored = TraceHeaders.extract(request.getHeaders()::get).makeCurrent()) {
            answer = dispatcher.dispatch(message, context);
        }
        if (upstreams.missingCapability() != null) {
            answer = upstreams.missingCapabilityError(message.get("id"));
        } else if (!upstreams.questions().isEmpty()) {
            answer = era.shapeResponse(method, inputRequired(message.get("id"), caller, method, params,
                    upstreams.answers(), upstreams.questions()));
        }
        if (debugBodies) {
            bodies.debug("response {}", answer);
        }
        int status = errorStatus(answer);
        if (status != 200 && !reply.streaming()) {
            respond(response, status, answer);
            return;
        }
        reply.complete(answer);
    }

    /** The client's answers to the call's earlier rounds of questions, sealed in the retry's {@code requestState}. */
    private List<JsonNode> earlierAnswers(String caller, String method, ObjectNode params)
            throws RequestStates.RejectedException {
        JsonNode state = params.get("requestState");
        if (state == null) {
            return List.of();
        }
        if (!state.isTextual() || !MRTR_METHODS.contains(method)) {
            throw new RequestStates.RejectedException("requestState was not issued by this proxy for this request");
        }
        return requestStates.open(state.textValue(), caller, method, params).answers();
    }

    /**
     * The upstream's questions as a 2026-07-28 {@code input_required} result (basic/patterns/mrtr):
     * one input request each, and a sealed state that lets any proxy instance continue the call.
     * Only the methods the pattern allows it for get one; the others end with an error naming why.
     */
    private ObjectNode inputRequired(JsonNode id, String caller, String method, ObjectNode params,
                                     List<JsonNode> answers, List<ModernUpstreams.Question> questions) {
        if (!MRTR_METHODS.contains(method)) {
            return JsonRpc.error(id, JsonRpcErrors.INTERNAL_ERROR, "The upstream asked the client ("
                    + questions.getFirst().method() + ") while answering " + method
                    + ", which cannot carry an input_required result");
        }
        ObjectNode result = mapper.createObjectNode().put("resultType", "input_required");
        ObjectNode requests = result.putObject("inputRequests");
        for (ModernUpstreams.Question question : questions) {
            ObjectNode request = requests.putObject(question.key());
            request.put("method", question.method());
            // InputRequest.params is an object, also for roots/list, which has nothing to say.
            request.set("params", question.params().isObject() ? question.params() : mapper.createObjectNode());
        }
        result.put("requestState", requestStates.seal(caller, method, params, answers));
        return JsonRpc.result(id, result);
    }

    /**
     * A request's log messages reach the client only when it asked for them with
     * {@code io.modelcontextprotocol/logLevel}, and only at that level or above (SEP-2575).
     */
    private static ReplyStream logFilter(String level, HttpReply reply) {
        int minimum = level == null ? -1 : LOG_LEVELS.indexOf(level);
        return message -> {
            if (!"notifications/message".equals(message.path("method").asText())) {
                reply.send(message);
                return;
            }
            int severity = LOG_LEVELS.indexOf(message.path("params").path("level").asText());
            if (minimum >= 0 && severity >= minimum) {
                reply.send(message);
            }
        };
    }

    /** The revision's statuses for its errors: unknown methods 404, refused capabilities 400. */
    private static int errorStatus(ObjectNode answer) {
        return switch (answer.path("error").path("code").asInt(0)) {
            case JsonRpcErrors.METHOD_NOT_FOUND -> 404;
            case JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY, JsonRpcErrors.HEADER_MISMATCH,
                 JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION -> 400;
            default -> 200;
        };
    }

    private void respond(Response response, int status, ObjectNode error) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpReply.JSON);
        HttpReply.write(response, true, mapper.writeValueAsString(error));
    }
}
