package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.CallContext;
import dev.mcpproxy.proxy.dispatch.Dispatcher;
import dev.mcpproxy.proxy.dispatch.ProtocolEra;
import dev.mcpproxy.proxy.dispatch.ProtocolEras;
import dev.mcpproxy.proxy.dispatch.UpstreamAccess;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.identity.CallerAuthenticator.AuthenticationFailure;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.mrtr.RequestStates;
import dev.mcpproxy.proxy.session.ClientSession;
import dev.mcpproxy.proxy.session.SessionStore;
import dev.mcpproxy.proxy.session.SessionStream;
import dev.mcpproxy.proxy.session.SharedUpstreams;
import dev.mcpproxy.proxy.telemetry.TraceHeaders;
import io.opentelemetry.context.Scope;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The MCP endpoint over Streamable HTTP: HTTP-level checks (origin, media types, protocol version,
 * body size), caller authentication, session handling for the configured mode, then one
 * {@link Dispatcher} call per JSON-RPC message. Runs on a virtual thread per request, so it
 * blocks freely. Never answers with internals.
 */
final class McpEndpoint {
    private static final Logger log = LoggerFactory.getLogger(McpEndpoint.class);
    private static final Logger bodies = LoggerFactory.getLogger("dev.mcpproxy.proxy.bodies");
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    /** How often an idle GET stream is probed, so a departed client is noticed. */
    private static final long KEEPALIVE_SECONDS = 15;
    /** A DNS name, IPv4 or bracketed IPv6 literal, optional port: what {@code Host} may carry. */
    private static final Pattern SESSION_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern HOST =
            Pattern.compile("(?:[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.]{2,45}])(?::[0-9]{1,5})?");

    private final ServerConfig config;
    private final ProtocolEras eras;
    private final Dispatcher dispatcher;
    private final SessionStore sessions;
    private final SharedUpstreams.Connections shared;
    private final CallerAuthenticator authenticator;
    private final boolean debugBodies;
    private final HeaderRules headerRules;
    private final ObjectMapper mapper = JsonMappers.create();
    private final RequestJson requestJson;
    private final BodyBudget bodyBudget;
    private final ModernEndpoint modern;

    /** @param sessions the client sessions in stateful mode, null in stateless mode */
    McpEndpoint(ServerConfig config, ProtocolEras eras, Dispatcher dispatcher, SessionStore sessions,
                SharedUpstreams.Connections shared, SubscriptionStreams subscriptions, RequestStates requestStates,
                CallerAuthenticator authenticator, boolean debugBodies) {
        this.config = config;
        this.eras = eras;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.shared = shared;
        this.authenticator = authenticator;
        this.debugBodies = debugBodies;
        this.headerRules = new HeaderRules(config.allowedOrigins());
        this.requestJson = new RequestJson(config);
        this.bodyBudget = new BodyBudget(config.maxBodyBytesInFlight());
        this.modern = new ModernEndpoint(dispatcher, shared, subscriptions, requestStates, eras.supportedVersions(),
                debugBodies, mapper);
    }

    void handle(Request request, Response response) throws IOException {
        if (!headerRules.originAllowed(request.getHeaders().get(HttpHeader.ORIGIN))) {
            refuseUnread(request, response, 403, "Origin not allowed");
            return;
        }
        switch (request.getMethod()) {
            case "POST" -> post(request, response);
            case "GET" -> get(request, response);
            case "DELETE" -> delete(request, response);
            default -> {
                discardUnread(request);
                methodNotAllowed(response);
            }
        }
    }

    private void post(Request request, Response response) throws IOException {
        // A possible health probe is judged on its body, so its media types are checked after
        // parsing: whatever headers the platform's probe sends, it must succeed.
        boolean mayBeProbe = isLocalWithoutCredentials(request);
        if (!mayBeProbe && !mediaTypesAcceptable(request, response)) {
            return;
        }
        String headerVersion = request.getHeaders().get(VERSION_HEADER);
        // Every caller but a possible probe is authenticated before its body is read or parsed.
        Principal principal = null;
        if (!mayBeProbe) {
            principal = authenticated(request, response, false);
            if (principal == null) {
                return;
            }
        }
        if (request.getLength() > config.maxRequestBytes()) {
            tooLarge(request, response);
            return;
        }
        int reserved = bodyBudget.tryReserve(request.getLength(), config.maxRequestBytes());
        if (reserved < 0) {
            discardUnread(request);
            busy(response);
            return;
        }
        try {
            post(request, response, mayBeProbe, headerVersion, principal);
        } finally {
            bodyBudget.release(reserved);
        }
    }

    private void post(Request request, Response response, boolean mayBeProbe, String headerVersion,
                      Principal authenticated) throws IOException {
        JsonNode parsed;
        BoundedBody body = null;
        try {
            body = BoundedBody.open(request, config.maxRequestBytes(), readDeadline());
            parsed = requestJson.parse(body);
        } catch (RequestJson.RejectedException e) {
            // Parsing stopped at the broken rule: the rest is read and dropped, never held.
            body.drain();
            reject(response, 400, e.code, e.getMessage());
            return;
        } catch (BoundedBody.TooLargeException e) {
            tooLarge(request, response);
            return;
        } catch (BoundedBody.TooSlowException e) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            reject(response, 408, JsonRpcErrors.INVALID_REQUEST,
                    "Request body not received within " + config.readTimeoutSeconds() + " s");
            return;
        }
        Principal principal = authenticated;
        if (mayBeProbe) {
            boolean probe = isSingle(parsed, "initialize") || isSingle(parsed, "ping");
            if (!probe && !mediaTypesAcceptable(request, response)) {
                return;
            }
            principal = authenticated(request, response, probe);
            if (principal == null) {
                return;
            }
        }
        if (debugBodies) {
            bodies.debug("request {}", parsed);
        }
        ConnectionTimeouts.serving(request);
        if (headerVersion != null && !eras.supports(headerVersion)) {
            // Judged after parsing, so that the error carries the request's id (2026-07-28 basic/index).
            JsonNode id = parsed.path("id");
            rejectVersion(response, headerVersion, id.isTextual() || id.isIntegralNumber() ? id : null);
            return;
        }
        ProtocolEra era = eras.select(headerVersion, parsed).orElse(null);
        if (era == null) {
            rejectVersion(response, headerVersion, null);
            return;
        }
        // The era is chosen per request: a session-less era never touches the session store.
        if (!era.hasSessions()) {
            modern.serve(request, response, era, parsed, principal);
            return;
        }
        serve(request, response, era, headerVersion, parsed, principal);
    }

    /** The caller, or null when it was refused (the answer is sent, an unread body dropped). */
    private Principal authenticated(Request request, Response response, boolean probe) throws IOException {
        if (authenticator == CallerAuthenticator.NONE) {
            // Identity mode none reads nothing of the request: skip copying its headers.
            return Principal.ANONYMOUS;
        }
        try {
            return authenticator.authenticate(inbound(request, probe));
        } catch (AuthenticationFailure failure) {
            discardUnread(request);
            unauthenticated(response, failure);
            return null;
        }
    }

    private long readDeadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(config.readTimeoutSeconds());
    }

    private void tooLarge(Request request, Response response) throws IOException {
        BoundedBody.discardRest(request, 2 * config.maxRequestBytes());
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        reject(response, 413, JsonRpcErrors.INVALID_REQUEST,
                "Request body exceeds the limit of " + config.maxRequestBytes() + " bytes");
    }

    private void busy(Response response) throws IOException {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        ObjectNode data = mapper.createObjectNode().put("retryAfterMs", 1000);
        respondError(response, 503, JsonRpc.error(null, JsonRpcErrors.RATE_LIMITED,
                "The proxy is busy: request bodies in flight exceed server.maxBodyBytesInFlight; retry shortly", data));
    }

    private void serve(Request request, Response response, ProtocolEra era, String headerVersion, JsonNode parsed,
                       Principal principal) throws IOException {
        String sessionHeader = request.getHeaders().get(SESSION_HEADER);
        UpstreamAccess upstreams;
        ClientSession session = null;
        boolean newSession = false;
        if (sessions != null && era.hasSessions()) {
            if (isSingle(parsed, "initialize")) {
                session = sessions.create();
                session.bind(principal);
                newSession = true;
            } else if (sessionHeader == null && isSingle(parsed, "ping")) {
                session = null;
            } else if (sessionHeader == null) {
                reject(response, 400, JsonRpcErrors.INVALID_REQUEST, "Mcp-Session-Id header is required");
                return;
            } else {
                session = sessions.find(sessionHeader).filter(found -> found.belongsTo(principal)).orElse(null);
                if (session == null) {
                    // Another caller's session is answered like an unknown one: ids are not credentials.
                    reject(response, 404, JsonRpcErrors.INVALID_REQUEST, "Session not found or expired");
                    return;
                }
            }
        }
        upstreams = session != null ? session : new SharedUpstreams(shared, wellFormedSessionId(sessionHeader));
        String version = era.messageVersion(headerVersion, session, parsed);

        List<JsonNode> messages = new ArrayList<>();
        if (parsed.isArray()) {
            if (!era.allowsBatch(version)) {
                reject(response, 400, JsonRpcErrors.INVALID_REQUEST,
                        "Invalid Request: JSON-RPC batches are not supported in protocol version " + version);
                return;
            }
            if (parsed.isEmpty()) {
                reject(response, 400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: empty batch");
                return;
            }
            parsed.forEach(messages::add);
        } else if (JsonRpc.kind(parsed) == JsonRpc.Kind.INVALID) {
            respondError(response, 400, Dispatcher.invalidRequest(parsed));
            return;
        } else {
            messages.add(parsed);
        }

        HttpReply reply = new HttpReply(response, mapper);
        CallContext context = new CallContext(era, version, principal, upstreams, session, reply);
        List<ObjectNode> answers = new ArrayList<>();
        // The caller's W3C trace context is current while its messages are dispatched.
        try (Scope ignored = TraceHeaders.extract(request.getHeaders()::get).makeCurrent()) {
            for (JsonNode message : messages) {
                ObjectNode answer = dispatcher.dispatch(message, context);
                if (answer != null) {
                    answers.add(answer);
                }
            }
        }
        if (newSession) {
            if (!answers.isEmpty() && answers.getFirst().has("result")) {
                response.getHeaders().put(SESSION_HEADER, session.sessionId());
                log.debug("Opened client session {}...", session.shortId());
            } else {
                sessions.close(session.sessionId());
            }
        }
        if (answers.isEmpty()) {
            if (!reply.streaming()) {
                response.setStatus(202);
            }
            HttpReply.write(response, true, "");
            return;
        }
        JsonNode finalMessage = parsed.isArray() ? arrayOf(answers) : answers.getFirst();
        if (debugBodies) {
            bodies.debug("response {}", finalMessage);
        }
        reply.complete(finalMessage);
    }

    /**
     * The server-to-client stream of a stateful session; a stateless proxy offers none. An open
     * stream keeps its session alive.
     */
    private void get(Request request, Response response) throws IOException {
        if (sessions == null) {
            methodNotAllowed(response);
            return;
        }
        if (!HeaderRules.accepts(request.getHeaders().get(HttpHeader.ACCEPT), HttpReply.EVENT_STREAM)) {
            reject(response, 406, JsonRpcErrors.INVALID_REQUEST, "Accept must list text/event-stream");
            return;
        }
        ClientSession session = existingSession(request, response);
        if (session == null) {
            return;
        }
        ConnectionTimeouts.serving(request);
        HttpReply.startStream(response);
        HttpReply.write(response, false, ": stream open\n\n");
        SessionStream stream = session.stream();
        try {
            while (true) {
                ObjectNode message = stream.next(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                String event = message == null ? ": keepalive\n\n"
                        : "event: message\ndata: " + mapper.writeValueAsString(message) + "\n\n";
                HttpReply.write(response, false, event);
                sessions.find(session.sessionId());
            }
        } catch (SessionStream.SessionEndedException e) {
            HttpReply.write(response, true, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpReply.write(response, true, "");
        }
    }

    private void delete(Request request, Response response) throws IOException {
        if (sessions == null) {
            methodNotAllowed(response);
            return;
        }
        ClientSession session = existingSession(request, response);
        if (session == null) {
            return;
        }
        sessions.close(session.sessionId());
        log.debug("Client ended session {}...", session.shortId());
        response.setStatus(204);
        HttpReply.write(response, true, "");
    }

    /** The caller's own session named by the header (GET, DELETE), or null when the answer is sent. */
    private ClientSession existingSession(Request request, Response response) throws IOException {
        String id = request.getHeaders().get(SESSION_HEADER);
        if (id == null) {
            reject(response, 400, JsonRpcErrors.INVALID_REQUEST, "Mcp-Session-Id header is required");
            return null;
        }
        Principal principal = authenticated(request, response, false);
        if (principal == null) {
            return null;
        }
        ClientSession session = sessions.find(id).filter(found -> found.belongsTo(principal)).orElse(null);
        if (session == null) {
            reject(response, 404, JsonRpcErrors.INVALID_REQUEST, "Session not found or expired");
        }
        return session;
    }

    /**
     * A session header as MCP allows it (visible ASCII), of a length an id has; anything else is
     * the client's free text and must not reach the audit trail or traces, so it is dropped.
     */
    static String wellFormedSessionId(String header) {
        return header != null && SESSION_ID.matcher(header).matches() ? header : null;
    }

    private static boolean isSingle(JsonNode parsed, String method) {
        return parsed.isObject() && method.equals(parsed.path("method").textValue()) && parsed.has("id");
    }

    /** Rejects (415, 406) a POST whose media types Streamable HTTP does not allow; true when they are fine. */
    private boolean mediaTypesAcceptable(Request request, Response response) throws IOException {
        if (!HeaderRules.isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            refuseUnread(request, response, 415, "Content-Type must be application/json");
            return false;
        }
        if (!HeaderRules.acceptsJsonAndEvents(request.getHeaders().get(HttpHeader.ACCEPT))) {
            refuseUnread(request, response, 406, "Accept must list both application/json and text/event-stream");
            return false;
        }
        return true;
    }

    /**
     * AgentCore's health probe is {@code initialize} or {@code ping} from the local machine without
     * credentials. It must always succeed, so the authenticator is told and lets it through.
     */
    private static boolean isLocalWithoutCredentials(Request request) {
        return !request.getHeaders().contains(HttpHeader.AUTHORIZATION) && isLoopback(request);
    }

    private static boolean isLoopback(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }

    private CallerAuthenticator.InboundRequest inbound(Request request, boolean probe) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
        }
        return new CallerAuthenticator.InboundRequest(headers, request.getHttpURI().getQuery(),
                Request.getRemoteAddr(request), probe, resourceUrl(request, config.path()));
    }

    /**
     * This endpoint's public URL: scheme and host as the client addressed them, then the configured
     * path (never the request's, which may be encoded or carry parameters). A {@code Host} that is
     * not a plain host name or IP literal with an optional port is replaced by the local address.
     */
    static String resourceUrl(Request request, String path) {
        String scheme = "https".equalsIgnoreCase(request.getHttpURI().getScheme()) ? "https" : "http";
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || !HOST.matcher(host).matches()) {
            SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
            host = local instanceof InetSocketAddress inet
                    ? HostPort.normalizeHost(inet.getAddress().getHostAddress()) + ":" + inet.getPort() : "localhost";
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + path;
    }

    private void unauthenticated(Response response, AuthenticationFailure failure) throws IOException {
        if (failure.wwwAuthenticate() != null) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, failure.wwwAuthenticate());
        }
        reject(response, failure.status(), JsonRpcErrors.UNAUTHENTICATED, failure.getMessage());
    }

    /** Both eras get the 2026-07-28 error, which also tells a probing client this endpoint is modern. */
    private void rejectVersion(Response response, String headerVersion, JsonNode id) throws IOException {
        ModernRequestCheck.Refusal refusal = ModernRequestCheck.unsupportedVersion(id, headerVersion,
                eras.supportedVersions());
        respondError(response, refusal.status(), refusal.error());
    }

    private void methodNotAllowed(Response response) throws IOException {
        response.getHeaders().put(HttpHeader.ALLOW, sessions == null ? "POST" : "POST, GET, DELETE");
        reject(response, 405, JsonRpcErrors.INVALID_REQUEST, "Method not allowed");
    }

    /** An invalid-request error for a request whose body has not been read. */
    private void refuseUnread(Request request, Response response, int status, String message) throws IOException {
        discardUnread(request);
        reject(response, status, JsonRpcErrors.INVALID_REQUEST, message);
    }

    /**
     * Reads and drops the body of a request refused before reading it: a connection left with
     * unread bytes is closed after the answer, and a client that reuses it meanwhile gets nothing.
     */
    private void discardUnread(Request request) {
        BoundedBody.discardRest(request, config.maxRequestBytes());
    }

    private void reject(Response response, int status, int code, String message) throws IOException {
        respondError(response, status, JsonRpc.error(null, code, message));
    }

    void respondError(Response response, int status, ObjectNode error) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpReply.JSON);
        HttpReply.write(response, true, mapper.writeValueAsString(error));
    }

    private ArrayNode arrayOf(List<ObjectNode> answers) {
        ArrayNode array = mapper.createArrayNode();
        answers.forEach(array::add);
        return array;
    }
}
