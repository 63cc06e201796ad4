package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.federation.Catalog;
import dev.mcpproxy.proxy.federation.ListKind;
import dev.mcpproxy.proxy.federation.Route;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcException;
import dev.mcpproxy.proxy.resilience.Idempotency;
import dev.mcpproxy.proxy.resilience.UpstreamGuards;
import dev.mcpproxy.proxy.telemetry.InboundCall;
import dev.mcpproxy.proxy.telemetry.Telemetry;
import dev.mcpproxy.proxy.telemetry.UpstreamCall;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Handles one JSON-RPC message of any era: answers what the proxy owns (ping, the era's own
 * methods, listings from the catalog), routes the rest to the owning upstream through the
 * governance chain, and relays client answers to server-to-client requests. Never throws: every
 * failure becomes a JSON-RPC error without internals.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Supplier<Catalog> catalog;
    private final Supplier<List<String>> readyUpstreams;
    private final GovernanceChain governance;
    private final UpstreamGuards guards;
    private final Supplier<Telemetry> telemetry;

    /**
     * @param catalog        the current merged catalog (it is replaced on refresh)
     * @param readyUpstreams the upstreams that currently answer, for fan-out methods
     * @param telemetry      spans and metrics of every request (supplied once started)
     */
    public Dispatcher(Supplier<Catalog> catalog, Supplier<List<String>> readyUpstreams, GovernanceChain governance,
                      UpstreamGuards guards, Supplier<Telemetry> telemetry) {
        this.catalog = catalog;
        this.readyUpstreams = readyUpstreams;
        this.governance = governance;
        this.guards = guards;
        this.telemetry = telemetry;
    }

    /** The response to a request; null for notifications and responses, which get none. */
    public ObjectNode dispatch(JsonNode message, CallContext context) {
        return switch (JsonRpc.kind(message)) {
            case REQUEST -> request((ObjectNode) message, context);
            case NOTIFICATION -> {
                notification((ObjectNode) message, context);
                yield null;
            }
            case RESPONSE -> {
                clientAnswer((ObjectNode) message, context);
                yield null;
            }
            case INVALID -> invalidRequest(message);
        };
    }

    /** The {@code inputSchema} of a tool by its client-facing name, or null for an unknown tool. */
    public JsonNode toolInputSchema(String name) {
        return catalog.get().tool(name).map(route -> route.descriptor().get("inputSchema")).orElse(null);
    }

    /** The answer to JSON that is no JSON-RPC message (its id kept when it has a usable one). */
    public static ObjectNode invalidRequest(JsonNode message) {
        return JsonRpc.error(validIdOf(message), JsonRpcErrors.INVALID_REQUEST,
                "Invalid Request: not a JSON-RPC 2.0 request, notification or response");
    }

    private static JsonNode validIdOf(JsonNode message) {
        JsonNode id = message.get("id");
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    /** Each request is one server span and one set of request metrics. */
    private ObjectNode request(ObjectNode request, CallContext context) {
        String method = request.get("method").textValue();
        try (InboundCall call = telemetry.get().inbound(method, request.get("id"), context.sessionId(),
                context.principal() == null ? null : context.principal().id(), context.protocolVersion())) {
            ObjectNode response = context.era().shapeResponse(method, answerRequest(request, method, context));
            call.finish(response);
            return response;
        }
    }

    private ObjectNode answerRequest(ObjectNode request, String method, CallContext context) {
        JsonNode id = request.get("id");
        try {
            return JsonRpc.result(id, answer(method, JsonRpc.params(request), id, context));
        } catch (Answered answered) {
            return answered.response;
        } catch (JsonRpcException e) {
            // Includes GovernanceException: a stage's rejection.
            return JsonRpc.error(id, e.code(), e.getMessage(), e.data());
        } catch (UpstreamException e) {
            log.warn("Request {} failed upstream: {}", method, e.getMessage());
            return JsonRpc.errorWith(id, e.toJsonRpcError());
        } catch (RuntimeException e) {
            log.error("Request {} failed inside the proxy", method, e);
            return JsonRpc.error(id, JsonRpcErrors.INTERNAL_ERROR, "Internal error in the proxy");
        }
    }

    private JsonNode answer(String method, ObjectNode params, JsonNode id, CallContext context)
            throws JsonRpcException, GovernanceException, UpstreamException, Answered {
        JsonNode local = context.era().answerLocally(method, params, context);
        if (local != null) {
            return local;
        }
        Optional<ListKind> listing = ListKind.ofMethod(method);
        if (listing.isPresent()) {
            return listing(listing.get(), params, id, context);
        }
        Catalog current = catalog.get();
        return switch (method) {
            case "ping" -> JSON.objectNode();
            case "tools/call" -> forward(byName(current::tool, params, "name", "Unknown tool"), "name", method,
                    params, id, context);
            case "prompts/get" -> forward(byName(current::prompt, params, "name", "Unknown prompt"), "name",
                    method, params, id, context);
            case "resources/read" -> forward(resource(current, params.path("uri")), null, method, params, id, context);
            case "resources/subscribe", "resources/unsubscribe" -> {
                refuseWithoutStream(method, context);
                yield forward(resource(current, params.path("uri")), null, method, params, id, context);
            }
            case "completion/complete" -> complete(current, params, id, context);
            case "logging/setLevel" -> setLevel(params, context);
            default -> throw new JsonRpcException(JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + method);
        };
    }

    /**
     * A 2025-era subscription needs a stream for its {@code notifications/resources/updated} (the
     * session's GET stream); on shared connections (stateless mode) there is none, the proxy's
     * {@code initialize} result does not offer {@code resources.subscribe}, and a subscription
     * made there for one caller would be every caller's.
     */
    private static void refuseWithoutStream(String method, CallContext context) throws JsonRpcException {
        if (context.upstreams().shared()) {
            throw new JsonRpcException(JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + method
                    + " is not offered in stateless mode, where the proxy has no stream to send "
                    + "notifications/resources/updated on. Set server.sessionMode: stateful",
                    JSON.objectNode().put("method", method).put("setting", "server.sessionMode: stateful"));
        }
    }

    /**
     * The whole merged list in one page, as governance leaves it for this caller: the proxy holds
     * every page already, so it sends no nextCursor.
     */
    private ObjectNode listing(ListKind kind, ObjectNode params, JsonNode id, CallContext context) {
        ArrayNode items = catalog.get().items(kind);
        Exchange exchange = new Exchange(kind.method(), params, context.principal(), context.sessionId(), id,
                auditEvent(context));
        governance.onListing(exchange, items);
        ObjectNode result = JSON.objectNode();
        result.set(kind.resultField(), items);
        return result;
    }

    /** Every governed request's audit event names the era and version the client spoke (governance is era-blind). */
    private static AuditEvent auditEvent(CallContext context) {
        return new AuditEvent().put(AuditFields.PROTOCOL_ERA, context.era().name())
                .put(AuditFields.PROTOCOL_VERSION, context.protocolVersion());
    }

    private static Resolved byName(Function<String, Optional<Route>> resolver, ObjectNode params,
                                   String field, String unknown) throws JsonRpcException {
        JsonNode name = params.get(field);
        if (name == null || !name.isTextual()) {
            throw new JsonRpcException(JsonRpcErrors.INVALID_PARAMS, "params." + field + " must be a string");
        }
        Route route = resolver.apply(name.textValue()).orElseThrow(() -> new JsonRpcException(
                JsonRpcErrors.INVALID_PARAMS, unknown + ": " + name.textValue(), JSON.objectNode().put(field,
                name.textValue())));
        return new Resolved(route, name.textValue());
    }

    private static Resolved resource(Catalog current, JsonNode uri) throws JsonRpcException {
        if (!uri.isTextual()) {
            throw new JsonRpcException(JsonRpcErrors.INVALID_PARAMS, "params.uri must be a string");
        }
        Route route = current.resource(uri.textValue()).orElseThrow(() -> new JsonRpcException(
                JsonRpcErrors.RESOURCE_NOT_FOUND, "Resource not found: " + uri.textValue(),
                JSON.objectNode().put("uri", uri.textValue())));
        return new Resolved(route, uri.textValue());
    }

    /** {@code completion/complete} goes where its {@code ref} (a prompt or a resource template) lives. */
    private JsonNode complete(Catalog current, ObjectNode params, JsonNode id, CallContext context)
            throws JsonRpcException, GovernanceException, UpstreamException, Answered {
        if (!(params.get("ref") instanceof ObjectNode ref)) {
            throw new JsonRpcException(JsonRpcErrors.INVALID_PARAMS, "params.ref must be an object");
        }
        return switch (ref.path("type").asText()) {
            case "ref/prompt" -> forward(byName(current::prompt, ref, "name", "Unknown prompt"), "ref.name",
                    "completion/complete", params, id, context);
            case "ref/resource" -> forward(resource(current, ref.path("uri")), null, "completion/complete",
                    params, id, context);
            default -> throw new JsonRpcException(JsonRpcErrors.INVALID_PARAMS,
                    "params.ref.type must be ref/prompt or ref/resource");
        };
    }

    /**
     * Forwards a routed request: governance first, then the upstream with the upstream's own name
     * for the target, then governance on the result. The response keeps the client's id.
     *
     * @param nameField where the client-visible name sits in params ({@code name} or
     *                  {@code ref.name}), rewritten to the upstream's name; null for URIs
     */
    private JsonNode forward(Resolved resolved, String nameField, String method, ObjectNode params, JsonNode id,
                             CallContext context) throws GovernanceException, UpstreamException, Answered {
        Route route = resolved.route();
        Exchange exchange = new Exchange(method, params, context.principal(), context.sessionId(), id,
                auditEvent(context));
        exchange.route(route.upstream(), resolved.target(), route.upstreamName(), route.descriptor());
        governance.onRequest(exchange);
        ObjectNode response;
        try {
            response = upstreamCall(resolved, nameField, method, id, context, exchange);
        } catch (RuntimeException e) {
            // Answered as an internal error (see answerRequest), and audited as one.
            governance.onFailure(exchange, JsonRpcErrors.INTERNAL_ERROR);
            throw e;
        }
        JsonNode result = response.get("result");
        if (result instanceof ObjectNode object) {
            governance.onResult(exchange, object);
            return object;
        }
        governance.onFailure(exchange, response.path("error").path("code").asInt(JsonRpcErrors.INTERNAL_ERROR));
        response.set("id", id);
        throw new Answered(response);
    }

    /** The governed request sent to the owning upstream under its guard, with the upstream's name for the target. */
    private ObjectNode upstreamCall(Resolved resolved, String nameField, String method, JsonNode id,
                                    CallContext context, Exchange exchange) throws UpstreamException {
        Route route = resolved.route();
        ObjectNode upstreamParams = context.era().upstreamParams(exchange.params().deepCopy());
        if (nameField != null) {
            ObjectNode holder = nameField.startsWith("ref.") ? (ObjectNode) upstreamParams.get("ref") : upstreamParams;
            holder.put("name", route.upstreamName());
        }
        ObjectNode request = JsonRpc.request(id, method, upstreamParams);
        try (UpstreamCall call = InboundCall.current().upstream(route.upstream(), method, route.upstreamName())) {
            ObjectNode response;
            try {
                response = guards.execute(route.upstream(), "tools/call".equals(method) ? route.upstreamName() : null,
                        Idempotency.isIdempotent(method, route.descriptor()),
                        () -> context.upstreams().connection(route.upstream()).request(request,
                                streamedFrom(new ForwardedCall(route.upstream(), method, resolved.target()), context,
                                        exchange)));
            } catch (UpstreamException e) {
                call.failed(e.kind().name().toLowerCase(java.util.Locale.ROOT));
                governance.onFailure(exchange, e.code());
                throw e;
            } catch (RuntimeException e) {
                call.failed("internal");
                throw e;
            }
            call.answered(response);
            return response;
        }
    }

    /**
     * Messages an upstream streams while answering: notifications pass on, requests go to the relay,
     * both governed as part of {@code exchange} (null: not governed).
     */
    private MessageSink streamedFrom(ForwardedCall call, CallContext context, Exchange exchange) {
        return message -> {
            if (exchange != null) {
                governance.onServerMessage(exchange, message);
            }
            switch (JsonRpc.kind(message)) {
                case REQUEST -> context.upstreams().serverRequest(call, message, context.reply());
                case NOTIFICATION -> context.reply().send(message);
                default -> log.debug("Ignored an unexpected message streamed by upstream '{}'", call.upstream());
            }
        };
    }

    /**
     * {@code logging/setLevel} applies to every upstream session of the client that answers; one
     * that cannot is skipped. Shared connections keep their level: one caller must not change
     * what every other caller receives.
     */
    private JsonNode setLevel(ObjectNode params, CallContext context) throws JsonRpcException {
        if (!params.path("level").isTextual()) {
            throw new JsonRpcException(JsonRpcErrors.INVALID_PARAMS, "params.level must be a string");
        }
        if (context.upstreams().shared()) {
            log.debug("logging/setLevel acknowledged without forwarding: the upstream connections are shared");
            return JSON.objectNode();
        }
        for (String upstream : readyUpstreams.get()) {
            try {
                ObjectNode response = context.upstreams().connection(upstream).request(
                        JsonRpc.request(JSON.textNode("setLevel"), "logging/setLevel", params.deepCopy()),
                        streamedFrom(new ForwardedCall(upstream, "logging/setLevel", null), context, null));
                if (response.has("error")) {
                    log.debug("Upstream '{}' refused logging/setLevel", upstream);
                }
            } catch (UpstreamException e) {
                log.warn("logging/setLevel not applied: {}", e.getMessage());
            }
        }
        return JSON.objectNode();
    }

    /**
     * A request or notification an upstream sends on a stateful session's own stream, governed as
     * the session's caller's (it belongs to no call) and counted; see
     * {@link dev.mcpproxy.proxy.session.StreamGuard}.
     */
    public void streamMessage(Principal principal, String sessionId, ObjectNode message) {
        ObjectNode params = message.get("params") instanceof ObjectNode object ? object : JSON.objectNode();
        Exchange exchange = new Exchange(message.path("method").asText(), params, principal, sessionId,
                message.get("id"), new AuditEvent());
        governance.onServerMessage(exchange, message);
        telemetry.get().metrics().piiDetections(exchange.method(), exchange.facts());
    }

    /** A client's answer to a relayed server-to-client request: governed, counted, then passed on. */
    private void clientAnswer(ObjectNode response, CallContext context) {
        Exchange governed = governance.onClientAnswer(context.principal(), context.sessionId(), response);
        if (governed != null) {
            telemetry.get().metrics().piiDetections(governed.method(), governed.facts());
        }
        context.upstreams().clientResponse(response);
    }

    /**
     * Cancellations and roots changes concern the client's own upstream sessions; everything else
     * a client notifies ({@code notifications/initialized}, progress) needs nothing from the proxy,
     * which initializes its upstream sessions itself.
     */
    private static void notification(ObjectNode notification, CallContext context) {
        String method = notification.get("method").textValue();
        if ("notifications/cancelled".equals(method) || "notifications/roots/list_changed".equals(method)) {
            context.upstreams().notifyOpenSessions(notification);
        }
    }

    private record Resolved(Route route, String target) {
    }

    /** A complete response from the upstream (a JSON-RPC error) that goes to the client as it is. */
    private static final class Answered extends Exception {
        private final transient ObjectNode response;

        Answered(ObjectNode response) {
            super(null, null, false, false);
            this.response = response;
        }
    }
}
