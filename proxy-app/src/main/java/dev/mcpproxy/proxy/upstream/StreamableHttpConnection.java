package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.ProtocolVersions;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;
import dev.mcpproxy.proxy.telemetry.TraceHeaders;
import dev.mcpproxy.proxy.upstream.AnswerBodies.Answer;
import dev.mcpproxy.proxy.upstream.RequestDeadlines.Deadline;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthException;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import static dev.mcpproxy.proxy.upstream.RequestDeadlines.closeQuietly;

/**
 * {@link UpstreamConnection} over Jetty's {@link HttpClient}: the legacy-era Streamable HTTP client
 * (protocol versions 2025-03-26 to 2025-11-25).
 */
public final class StreamableHttpConnection implements UpstreamConnection {
    /** The version the proxy asks for; the upstream may answer with an older supported one. */
    public static final String LATEST_PROTOCOL_VERSION = ProtocolVersions.LATEST_LEGACY;
    public static final Set<String> SUPPORTED_PROTOCOL_VERSIONS = Set.copyOf(ProtocolVersions.LEGACY);

    private static final Logger log = LoggerFactory.getLogger(StreamableHttpConnection.class);
    private static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    private static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    private static final ObjectMapper MAPPER = JsonMappers.create();
    private static final String ACCEPT = "application/json, text/event-stream";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How long the rest of an answered event stream may take to end before its connection is dropped. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;
    /** How often one request's event stream may be resumed before the upstream counts as broken. */
    private static final int MAX_RESUMPTIONS = 3;

    private final UpstreamConfig config;
    private final URI uri;
    private final HttpClient http;
    private final AnswerBodies answerBodies;
    private final boolean ownsHttp;
    private final UpstreamAuthenticator authenticator;
    private final ObjectNode clientCapabilities;
    private final UpstreamObserver observer;
    private final UpstreamEra era;
    private final AtomicLong ids = new AtomicLong();
    private final InputRounds inputRounds;
    private final ReentrantLock initLock = new ReentrantLock();
    /**
     * In-flight requests by the caller's id (the node: equal ids parse to equal nodes), so a
     * caller's {@code notifications/cancelled} reaches the right one.
     */
    private final Map<JsonNode, Long> inFlight = new ConcurrentHashMap<>();
    /** Our requests by the id of a server-to-client request their stream carried, so a refusal can bound them. */
    private final Map<JsonNode, AskingRequest> askingRequests = new ConcurrentHashMap<>();
    private volatile Session session;
    private volatile boolean closed;
    private volatile EventStream eventStream;
    /** 2026-07-28 listen streams for single resources ({@link #listenToResource}), stopped on close. */
    private final Set<EventStream> resourceStreams = ConcurrentHashMap.newKeySet();
    /** Where the event stream's messages go, once {@link #openEventStream} was called. */
    private volatile MessageSink eventSink;
    /** A 2025-era caller's resource subscriptions at a 2026-07-28 upstream. */
    private final SubscribeBridge subscriptions;

    private record Session(String id, String protocolVersion, ObjectNode initializeResult) {
        boolean modern() {
            return UpstreamEra.MODERN_VERSION.equals(protocolVersion);
        }
    }

    /** The upstream no longer knows the session (HTTP 404): re-initialize and retry. */
    private static final class SessionExpiredException extends Exception {
        SessionExpiredException() {
            super(null, null, false, false);
        }
    }

    /**
     * @param http               shared by the connections to one upstream; see {@link #newHttpClient}
     * @param clientCapabilities what the proxy declares in {@code initialize} (a stateful client
     *                           session passes its client's sampling/elicitation/roots)
     * @param observer           told about reachability and {@code list_changed}
     */
    public StreamableHttpConnection(UpstreamConfig config, HttpClient http, UpstreamAuthenticator authenticator,
                                    ObjectNode clientCapabilities, UpstreamObserver observer) {
        this(config, http, false, authenticator, clientCapabilities, observer, new UpstreamEra(config.protocol()));
    }

    /** @param era the upstream's era, shared by its connections so that it is probed once */
    public StreamableHttpConnection(UpstreamConfig config, HttpClient http, UpstreamAuthenticator authenticator,
                                    ObjectNode clientCapabilities, UpstreamObserver observer, UpstreamEra era) {
        this(config, http, false, authenticator, clientCapabilities, observer, era);
    }

    /** A connection with its own HTTP client (shut down on close), no credentials and no client capabilities. */
    public StreamableHttpConnection(UpstreamConfig config) {
        this(config, newHttpClient(config), true, UpstreamAuthenticator.NONE, JsonNodeFactory.instance.objectNode(),
                UpstreamObserver.NONE, new UpstreamEra(config.protocol()));
    }

    private StreamableHttpConnection(UpstreamConfig config, HttpClient http, boolean ownsHttp,
                                     UpstreamAuthenticator authenticator, ObjectNode clientCapabilities,
                                     UpstreamObserver observer, UpstreamEra era) {
        this.ownsHttp = ownsHttp;
        this.config = config;
        this.uri = config.uri();
        this.http = http;
        this.answerBodies = new AnswerBodies(config.maxResponseBytes());
        this.authenticator = authenticator;
        this.clientCapabilities = clientCapabilities.deepCopy();
        this.observer = observer;
        this.era = era;
        this.inputRounds = new InputRounds(config.name(), Duration.ofMillis(config.requestTimeoutMs()),
                (retry, sink) -> exchange(retry, sink, true), ids::incrementAndGet);
        this.subscriptions = new SubscribeBridge(config.name(), this::listenToResource, () -> eventSink);
    }

    /** An HTTP client for one upstream, started; see {@link UpstreamHttpClients}. */
    public static HttpClient newHttpClient(UpstreamConfig config) {
        return UpstreamHttpClients.start(config);
    }

    @Override
    public String upstream() {
        return config.name();
    }

    @Override
    public ObjectNode initialize() throws UpstreamException {
        initLock.lock();
        try {
            return initializeLocked().initializeResult();
        } finally {
            initLock.unlock();
        }
    }

    @Override
    public ObjectNode initializeResult() throws UpstreamException {
        return session().initializeResult();
    }

    @Override
    public String protocolVersion() {
        Session current = session;
        return current == null ? null : current.protocolVersion();
    }

    @Override
    public ObjectNode request(ObjectNode jsonRpcRequest, MessageSink sink) throws UpstreamException {
        if (SubscribeBridge.bridges(jsonRpcRequest.path("method").asText()) && session().modern()) {
            return subscriptions.answer(jsonRpcRequest, session().initializeResult().path("capabilities"));
        }
        JsonNode callerId = jsonRpcRequest.get("id");
        long wireId = ids.incrementAndGet();
        ObjectNode wire = jsonRpcRequest.objectNode();
        wire.setAll(jsonRpcRequest);
        wire.put("id", wireId);
        if (callerId != null) {
            inFlight.put(callerId, wireId);
        }
        try {
            ObjectNode response = exchange(wire, sink, true);
            if (session().modern()) {
                response = inputRounds.fulfil(wire, response, sink);
                if ("tools/list".equals(wire.path("method").asText())) {
                    era.listed(response.path("result").path("tools"));
                }
            }
            response.set("id", callerId);
            return response;
        } finally {
            if (callerId != null) {
                inFlight.remove(callerId, wireId);
            }
        }
    }

    @Override
    public void notify(ObjectNode notification) throws UpstreamException {
        if (session().modern()) {
            // 2026-07-28 over HTTP: closing a response stream is the cancellation; no notification is defined.
            log.debug("Upstream {}: {} not sent to a 2026-07-28 upstream", upstream(), notification.path("method"));
            return;
        }
        exchange(withUpstreamRequestId(notification), MessageSink.DISCARD, false);
    }

    @Override
    public void respond(ObjectNode responseToServerRequest) throws UpstreamException {
        if (inputRounds.answered(responseToServerRequest)) {
            return;
        }
        try {
            post(session(), responseToServerRequest, MessageSink.DISCARD, false);
        } catch (SessionExpiredException e) {
            throw new UpstreamException(upstream(), UpstreamException.Kind.PROTOCOL,
                    "session expired before the answer to its request could be delivered");
        }
    }

    @Override
    public void refuse(ObjectNode refusal, Duration grace, ObjectNode abandoned) throws UpstreamException {
        JsonNode id = refusal.get("id");
        AskingRequest asking = id == null ? null : askingRequests.get(id);
        if (asking != null) {
            asking.abandonAfter(grace, abandoned);
        }
        respond(refusal);
    }

    @Override
    public boolean openEventStream(MessageSink sink) throws UpstreamException {
        eventSink = sink;
        Session current = session();
        EventStream previous = eventStream;
        if (previous != null) {
            previous.stop();
        }
        // A 2026-07-28 upstream's list changes come on a listen stream; whoever reads this stream expects a GET stream.
        EventStream stream = new EventStream(current.modern() ? ListenMessages.asLegacy(sink) : sink, null);
        eventStream = stream;
        return stream.start();
    }

    @Override
    public AutoCloseable listenToResource(String uri, MessageSink sink) throws UpstreamException {
        if (!session().modern()) {
            throw protocolError("resource updates on subscriptions/listen need a 2026-07-28 upstream");
        }
        CompletableFuture<JsonNode> acknowledged = new CompletableFuture<>();
        EventStream stream = new EventStream(message -> {
            if (ListenMessages.ACKNOWLEDGED.equals(message.path("method").asText())) {
                acknowledged.complete(message.path("params").path("notifications"));
            } else {
                sink.accept(message);
            }
        }, uri);
        resourceStreams.add(stream);
        boolean honored = false;
        try {
            honored = stream.start() && honors(acknowledged.get(config.connectTimeoutMs(), TimeUnit.MILLISECONDS), uri);
        } catch (TimeoutException | ExecutionException e) {
            // The URI is not logged: it may carry personal data.
            log.debug("Upstream {}: no acknowledgement of a resource's listen stream", upstream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!honored) {
                stream.stop();
                resourceStreams.remove(stream);
            }
        }
        return honored ? () -> {
            stream.stop();
            resourceStreams.remove(stream);
        } : null;
    }

    /** Whether an acknowledged filter kept the resource (a server leaves out what it does not honor). */
    private static boolean honors(JsonNode filter, String uri) {
        for (JsonNode honored : filter.path("resourceSubscriptions")) {
            if (uri.equals(honored.asText())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        EventStream stream = eventStream;
        if (stream != null) {
            stream.stop();
        }
        subscriptions.close();
        resourceStreams.forEach(EventStream::stop);
        endSession();
        if (ownsHttp) {
            UpstreamHttpClients.stop(http);
        }
    }

    private void endSession() {
        Session current = session;
        if (current == null || current.id() == null) {
            return;
        }
        try (Deadline deadline = RequestDeadlines.arm(CLOSE_TIMEOUT)) {
            discard(send(build("DELETE", null, current, null), deadline, false));
        } catch (UpstreamException e) {
            log.debug("Upstream {}: closing the session failed: {}", upstream(), e.getMessage());
        }
    }

    private Session session() throws UpstreamException {
        Session current = session;
        if (current != null) {
            return current;
        }
        initLock.lock();
        try {
            return session != null ? session : initializeLocked();
        } finally {
            initLock.unlock();
        }
    }

    /** Re-initializes unless another thread already replaced the expired session. */
    private Session renew(Session expired) throws UpstreamException {
        initLock.lock();
        try {
            if (session != expired && session != null) {
                return session;
            }
            log.info("Upstream {}: session expired, re-initializing", upstream());
            return initializeLocked();
        } finally {
            initLock.unlock();
        }
    }

    private Session initializeLocked() throws UpstreamException {
        ensureOpen();
        if (era.tryModern()) {
            Session modern = discoverLocked();
            if (modern != null) {
                return modern;
            }
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", "initialize");
        ObjectNode params = request.putObject("params");
        params.put("protocolVersion", era.legacyVersion());
        params.set("capabilities", clientCapabilities);
        ObjectNode clientInfo = params.putObject("clientInfo");
        clientInfo.put("name", "agentcore-mcp-proxy");
        clientInfo.put("version", ProxyVersion.VERSION);

        Reply reply;
        try {
            reply = post(null, request, MessageSink.DISCARD, true);
        } catch (SessionExpiredException impossible) {
            throw new IllegalStateException("no session to expire during initialize", impossible);
        }
        JsonNode result = reply.response().get("result");
        if (!(result instanceof ObjectNode initializeResult)) {
            throw new UpstreamException(upstream(), UpstreamException.Kind.PROTOCOL,
                    "refused initialize: " + reply.response().path("error").path("message").asText("no result"));
        }
        String version = initializeResult.path("protocolVersion").asText("");
        if (!SUPPORTED_PROTOCOL_VERSIONS.contains(version)) {
            throw new UpstreamException(upstream(), UpstreamException.Kind.PROTOCOL,
                    "answered initialize with unsupported protocol version '" + version + "'");
        }
        Session created = new Session(reply.sessionId(), version, initializeResult);
        session = created;
        ObjectNode initialized = JsonNodeFactory.instance.objectNode();
        initialized.put("jsonrpc", "2.0");
        initialized.put("method", "notifications/initialized");
        try {
            post(created, initialized, MessageSink.DISCARD, false);
        } catch (SessionExpiredException e) {
            throw new UpstreamException(upstream(), UpstreamException.Kind.PROTOCOL,
                    "forgot the session it had just created");
        }
        log.info("Upstream {}: initialized, protocol {}, {}", upstream(), version,
                created.id() == null ? "no session" : "session established");
        return created;
    }

    /**
     * The 2026-07-28 start: {@code server/discover}, whose result stands in for an initialize result
     * (version, capabilities, server info from the result's {@code _meta}). Null when the upstream
     * shows no sign of that era (any answer but a discover result or a modern version error naming
     * 2026-07-28), so the 2025 handshake follows; an unreachable upstream is no such sign.
     */
    private Session discoverLocked() throws UpstreamException {
        Session probe = new Session(null, UpstreamEra.MODERN_VERSION, null);
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet()).put("method", "server/discover");
        request.putObject("params");
        JsonNode result;
        String refusal;
        try {
            ObjectNode answer = post(probe, request, MessageSink.DISCARD, true).response();
            result = answer.get("result");
            refusal = answer.path("error").path("message").asText("no result");
            if (result == null && answer.path("error").path("code").asInt() == UNSUPPORTED_PROTOCOL_VERSION
                    && answer.path("error").path("data").path("supported").toString()
                    .contains("\"" + UpstreamEra.MODERN_VERSION + "\"")) {
                throw protocolError("rejected protocol version 2026-07-28 while listing it as supported");
            }
        } catch (SessionExpiredException impossible) {
            throw new IllegalStateException("no session to expire during server/discover", impossible);
        } catch (UpstreamException e) {
            if (e.kind() != UpstreamException.Kind.HTTP_STATUS && e.kind() != UpstreamException.Kind.PROTOCOL) {
                throw e;
            }
            result = null;
            refusal = e.reason();
        }
        boolean modern = result instanceof ObjectNode discovered
                && discovered.path("supportedVersions").toString().contains("\"" + UpstreamEra.MODERN_VERSION + "\"");
        if (!modern) {
            if (era.pinnedModern()) {
                throw new UpstreamException(upstream(), UpstreamException.Kind.PROTOCOL,
                        "is configured for protocol 2026-07-28 but server/discover failed: " + refusal);
            }
            era.decided(false);
            log.info("Upstream {}: no 2026-07-28 server/discover ({}), using the 2025 handshake", upstream(), refusal);
            return null;
        }
        ObjectNode discovered = (ObjectNode) result;
        ObjectNode initializeResult = JsonNodeFactory.instance.objectNode().put("protocolVersion",
                UpstreamEra.MODERN_VERSION);
        initializeResult.set("capabilities", discovered.path("capabilities").isObject()
                ? discovered.get("capabilities") : JsonNodeFactory.instance.objectNode());
        JsonNode serverInfo = discovered.path("_meta").get(META_SERVER_INFO);
        initializeResult.set("serverInfo", serverInfo instanceof ObjectNode ? serverInfo
                : JsonNodeFactory.instance.objectNode().put("name", upstream()).put("version", "unknown"));
        if (discovered.path("instructions").isTextual()) {
            initializeResult.set("instructions", discovered.get("instructions"));
        }
        era.decided(true);
        Session created = new Session(null, UpstreamEra.MODERN_VERSION, initializeResult);
        session = created;
        log.info("Upstream {}: discovered, protocol 2026-07-28, no session", upstream());
        return created;
    }

    /** One message with the current session, re-initializing and retrying once when the session expired. */
    private ObjectNode exchange(ObjectNode message, MessageSink sink, boolean expectResponse)
            throws UpstreamException {
        Session current = session();
        try {
            return post(current, message, sink, expectResponse).response();
        } catch (SessionExpiredException expired) {
            Session renewed = renew(current);
            try {
                return post(renewed, message, sink, expectResponse).response();
            } catch (SessionExpiredException again) {
                throw new UpstreamException(upstream(), UpstreamException.Kind.PROTOCOL,
                        "answered 404 again right after re-initializing");
            }
        }
    }

    private record Reply(ObjectNode response, String sessionId) {
    }

    /** One POST; the reply holds the response for requests and null for notifications and responses. */
    private Reply post(Session current, ObjectNode message, MessageSink sink, boolean expectResponse)
            throws UpstreamException, SessionExpiredException {
        ensureOpen();
        boolean modern = current != null && current.modern();
        ObjectNode wire = modern ? ModernEnvelope.wrap(message, clientCapabilities) : message;
        Map<String, String> headers = modern ? ModernEnvelope.headers(wire, era) : Map.of();
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message cannot be serialized", e);
        }
        try (Deadline deadline = RequestDeadlines.arm(Duration.ofMillis(config.requestTimeoutMs()))) {
            Answer response = send(build("POST", body, current, null, headers), deadline, true);
            if (response.status() == 401 && authenticator.credentialsRejected()) {
                discard(response);
                log.info("Upstream {}: credentials rejected, retrying once with fresh ones", upstream());
                response = send(build("POST", body, current, null, headers), deadline, true);
            }
            String sessionId = response.header("mcp-session-id");
            ObjectNode answer = read(response, current, message.get("id"), sink, expectResponse, deadline);
            observer.reachable(upstream());
            return new Reply(answer, sessionId);
        }
    }

    private ObjectNode read(Answer response, Session current, JsonNode wireId, MessageSink sink,
                            boolean expectResponse, Deadline deadline) throws UpstreamException, SessionExpiredException {
        int status = response.status();
        if (status == 404 && current != null && current.id() != null) {
            discard(response);
            throw new SessionExpiredException();
        }
        if (status == 202 || (status >= 200 && status < 300 && !expectResponse)) {
            discard(response);
            if (expectResponse) {
                throw protocolError("accepted a request without answering it");
            }
            return null;
        }
        if (status == 401 || status == 403) {
            discard(response);
            throw new UpstreamException(upstream(), UpstreamException.Kind.AUTH,
                    "rejected the proxy's credentials (HTTP " + status + ")");
        }
        boolean success = status >= 200 && status < 300;
        if (!success && !(status >= 400 && status < 500 && isJson(response))) {
            discard(response);
            UpstreamException failure = new UpstreamException(upstream(), UpstreamException.Kind.HTTP_STATUS,
                    "answered HTTP " + status);
            if (status >= 500) {
                observer.unreachable(failure);
            }
            throw failure;
        }
        ObjectNode answer = withDeadline(response.body(), deadline, watch -> {
            if (success && isEventStream(response)) {
                return readEventStream(response.body(), current, wireId, sink, watch);
            }
            if (isJson(response)) {
                return readJson(response.body(), wireId);
            }
            throw protocolError("answered with content type '"
                    + Objects.requireNonNullElse(response.header("content-type"), "none") + "'");
        });
        if (!success && !answer.has("error")) {
            throw new UpstreamException(upstream(), UpstreamException.Kind.HTTP_STATUS, "answered HTTP " + status);
        }
        if (status == 400 && current != null && current.id() != null && isUnknownSession(answer)) {
            throw new SessionExpiredException();
        }
        return answer;
    }

    /** A JSON answer, which {@link AnswerBodies} has already received whole within {@code maxResponseBytes}. */
    private ObjectNode readJson(InputStream body, JsonNode wireId) throws IOException, UpstreamException {
        JsonNode parsed;
        try (body) {
            parsed = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw protocolError("answered with invalid JSON");
        }
        if (parsed instanceof ObjectNode message && isResponseTo(message, wireId)) {
            return message;
        }
        throw protocolError("answered with JSON that is not the response to the request");
    }

    /**
     * Reads a request's SSE answer up to its response. A stream that ends cleanly before the
     * response, after events with ids, is resumed with a GET carrying {@code Last-Event-ID}: the
     * 2025-11-25 revision lets servers close such streams early and expects clients to resume.
     */
    private ObjectNode readEventStream(InputStream body, Session current, JsonNode wireId, MessageSink sink,
                                       Deadline deadline) throws IOException, UpstreamException {
        AskingRequest asking = new AskingRequest(deadline);
        try {
            return readEvents(body, current, wireId, sink, deadline, asking);
        } catch (IOException | UpstreamException e) {
            ObjectNode abandoned = asking.abandoned;
            if (abandoned == null || !deadline.expired()) {
                throw e;
            }
            log.info("Upstream {}: request abandoned, it kept waiting for a server-to-client request it was refused",
                    upstream());
            cancelInBackground(wireId);
            return abandoned.deepCopy();
        } finally {
            asking.asked.forEach(id -> askingRequests.remove(id, asking));
        }
    }

    private ObjectNode readEvents(InputStream body, Session current, JsonNode wireId, MessageSink sink,
                                  Deadline deadline, AskingRequest asking) throws IOException, UpstreamException {
        InputStream stream = body;
        String lastEventId = null;
        for (int resumed = 0; ; resumed++) {
            InputStream in = new BoundedInputStream(stream, config.maxResponseBytes());
            boolean drained = false;
            try {
                SseEventReader events = new SseEventReader(in, config.maxResponseBytes());
                SseEventReader.Event event;
                while ((event = events.next()) != null) {
                    lastEventId = event.id();
                    if (event.data().isBlank()) {
                        continue;
                    }
                    ObjectNode message = parseMessage(event.data());
                    if (isResponseTo(message, wireId)) {
                        // Servers end the stream right after the response; closing it first would take
                        // the HTTP/1.1 connection with it, and a new connection per call costs more
                        // than the call (server-everything answers 2025-11-25 requests this way).
                        deadline.release(stream);
                        AnswerBodies.finishInBackground(stream, DRAIN_GRACE);
                        drained = true;
                        return message;
                    }
                    asking.note(message);
                    deliver(message, sink);
                }
            } finally {
                if (!drained) {
                    closeQuietly(in);
                }
            }
            if (lastEventId == null || current == null || resumed == MAX_RESUMPTIONS) {
                throw protocolError("ended its event stream without a response");
            }
            stream = deadline.watch(resume(current, lastEventId, deadline));
        }
    }

    /** Tells the upstream to stop working on an abandoned request; nobody waits for it any more. */
    private void cancelInBackground(JsonNode wireId) {
        ObjectNode cancelled = JsonNodeFactory.instance.objectNode();
        cancelled.put("jsonrpc", "2.0");
        cancelled.put("method", "notifications/cancelled");
        ObjectNode params = cancelled.putObject("params");
        params.set("requestId", wireId);
        params.put("reason", "the proxy could not relay the server-to-client request this request waited for");
        Thread.ofVirtual().name("upstream-cancel").start(() -> {
            try {
                exchange(cancelled, MessageSink.DISCARD, false);
            } catch (UpstreamException e) {
                log.debug("Upstream {}: cancelling an abandoned request failed: {}", upstream(), e.getMessage());
            }
        });
    }

    /**
     * One of our requests whose stream carried server-to-client requests: a refusal of one of them
     * brings its deadline forward, and what it then returns instead of a response.
     */
    private final class AskingRequest {
        private final Deadline deadline;
        private final List<JsonNode> asked = new ArrayList<>(1);
        private volatile ObjectNode abandoned;

        AskingRequest(Deadline deadline) {
            this.deadline = deadline;
        }

        void note(ObjectNode message) {
            JsonNode id = message.get("id");
            if (id != null && message.has("method")) {
                asked.add(id);
                askingRequests.put(id, this);
            }
        }

        void abandonAfter(Duration grace, ObjectNode answer) {
            if (abandoned == null) {
                abandoned = answer;
            }
            deadline.cutShort(grace);
        }
    }

    private InputStream resume(Session current, String lastEventId, Deadline deadline) throws UpstreamException {
        Answer response = send(build("GET", null, current, lastEventId), deadline, false);
        if (response.status() != 200 || !isEventStream(response)) {
            discard(response);
            throw protocolError("ended its event stream without a response and refused to resume it (HTTP "
                    + response.status() + ")");
        }
        return response.body();
    }

    private ObjectNode parseMessage(String data) throws UpstreamException {
        try {
            if (MAPPER.readTree(data) instanceof ObjectNode message) {
                return message;
            }
        } catch (JsonProcessingException e) {
            throw protocolError("sent an event that is not valid JSON");
        }
        throw protocolError("sent an event that is not a JSON-RPC message");
    }

    /** Hands a streamed notification or server request to the sink, noting list changes on the way. */
    private void deliver(ObjectNode message, MessageSink sink) {
        String method = message.path("method").asText(null);
        if (method == null) {
            return;
        }
        if (method.endsWith("/list_changed") && !message.has("id")) {
            observer.listChanged(upstream(), method);
        }
        sink.accept(message);
    }

    /**
     * Servers built on the TypeScript SDK's example code (server-everything among them) answer an
     * unknown session id with 400 "No valid session ID provided" instead of the specified 404;
     * treating that as an expired session heals them the same way.
     */
    private static boolean isUnknownSession(ObjectNode answer) {
        return answer.path("error").path("message").asText("").toLowerCase(Locale.ROOT).contains("session");
    }

    private static boolean isResponseTo(ObjectNode message, JsonNode wireId) {
        return !message.has("method") && (message.has("result") || message.has("error"))
                && (wireId == null || sameId(wireId, message.path("id")) || message.path("id").isNull() || message.path("id").isMissingNode());
    }

    /** Ids compared by value: the proxy sends a long, a parser may hand back an int. */
    private static boolean sameId(JsonNode sent, JsonNode received) {
        if (sent.isNumber() && received.isNumber()) {
            return sent.asLong() == received.asLong();
        }
        return sent.equals(received);
    }

    @FunctionalInterface
    private interface BodyReader {
        ObjectNode read(Deadline deadline) throws IOException, UpstreamException;
    }

    /** Reads the body within the request's overall deadline: the stream is closed when it passes. */
    private ObjectNode withDeadline(InputStream body, Deadline deadline, BodyReader reader) throws UpstreamException {
        deadline.watch(body);
        try {
            return reader.read(deadline);
        } catch (BoundedInputStream.LimitExceededException e) {
            throw tooLarge();
        } catch (IOException e) {
            if (deadline.expired()) {
                throw timeout();
            }
            UpstreamException failure = new UpstreamException(upstream(), UpstreamException.Kind.UNREACHABLE,
                    "connection lost while reading the answer", e);
            observer.unreachable(failure);
            throw failure;
        } finally {
            InputStream unfinished = deadline.body();
            if (unfinished != null) {
                closeQuietly(unfinished);
            }
        }
    }

    /**
     * Sends and waits for the response headers, and for a JSON answer its whole body (see
     * {@link AnswerBodies}); the deadline, when there is one, cancels the wait.
     */
    private Answer send(Request request, Deadline deadline, boolean untilReadable) throws UpstreamException {
        CompletableFuture<Answer> exchange = answerBodies.send(request, untilReadable);
        if (deadline != null) {
            deadline.watch(exchange);
        }
        try {
            return exchange.get();
        } catch (CancellationException e) {
            throw deadline != null && deadline.expired() ? timeout()
                    : new UpstreamException(upstream(), UpstreamException.Kind.CLOSED, "request cancelled", e);
        } catch (ExecutionException e) {
            if (deadline != null && deadline.expired()) {
                throw timeout();
            }
            throw failed(e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new UpstreamException(upstream(), UpstreamException.Kind.CLOSED, "request interrupted", e);
        }
    }

    private UpstreamException tooLarge() {
        return new UpstreamException(upstream(), UpstreamException.Kind.TOO_LARGE,
                "answer exceeds maxResponseBytes (" + config.maxResponseBytes() + " bytes)");
    }

    private UpstreamException failed(Throwable cause) {
        return switch (cause) {
            case BoundedInputStream.LimitExceededException e -> tooLarge();
            // Jetty's only socket timeout here: its read idle timeout is off, deadlines bound requests.
            case SocketTimeoutException e -> unreachable(UpstreamException.Kind.UNREACHABLE,
                    "connect timed out after " + config.connectTimeoutMs() + " ms", e);
            case ConnectException e -> unreachable(UpstreamException.Kind.UNREACHABLE, "connection refused", e);
            case IOException e -> unreachable(UpstreamException.Kind.UNREACHABLE,
                    "connection failed (" + e.getClass().getSimpleName() + ")", e);
            default -> unreachable(UpstreamException.Kind.UNREACHABLE,
                    "connection failed (" + cause.getClass().getSimpleName() + ")", cause);
        };
    }

    private Request build(String method, byte[] body, Session current, String lastEventId)
            throws UpstreamException {
        return build(method, body, current, lastEventId, Map.of());
    }

    /** @param protocolHeaders the 2026-07-28 request headers ({@code Mcp-Method}, {@code Mcp-Name}), lower case */
    private Request build(String method, byte[] body, Session current, String lastEventId,
                              Map<String, String> protocolHeaders) throws UpstreamException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "GET".equals(method) ? "text/event-stream" : ACCEPT);
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        if (current != null) {
            if (current.id() != null) {
                headers.put("mcp-session-id", current.id());
            }
            headers.put("mcp-protocol-version", current.protocolVersion());
        }
        if (lastEventId != null) {
            headers.put("last-event-id", lastEventId);
        }
        headers.putAll(protocolHeaders);
        TraceHeaders.inject(headers);
        byte[] signed = body == null ? new byte[0] : body;
        try {
            headers.putAll(lower(authenticator.headers(method, uri, Map.copyOf(headers), signed)));
        } catch (UpstreamAuthException e) {
            throw new UpstreamException(upstream(), UpstreamException.Kind.AUTH,
                    "no credentials: " + e.getMessage(), e);
        }
        Request request = http.newRequest(uri).method(method)
                .idleTimeout(UpstreamHttpClients.UNLIMITED, TimeUnit.MILLISECONDS)
                .headers(fields -> headers.forEach(fields::put));
        return body == null ? request : request.body(new JsonRequestContent(body));
    }

    private Answer openGet(Session current, String lastEventId) throws UpstreamException {
        return send(build("GET", null, current, lastEventId), null, false);
    }

    /**
     * A 2026-07-28 upstream has no GET stream: its list changes come on a {@code subscriptions/listen}
     * response stream, opened for every listing; a resource's updates come on a stream of their own
     * ({@code resourceSubscriptions} naming that resource only), so subscribing never interrupts
     * the list changes.
     *
     * @param resource the subscribed resource's URI, or null for the list changes
     */
    private Answer openListen(Session current, String resource) throws UpstreamException {
        ObjectNode listen = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet()).put("method", "subscriptions/listen");
        ObjectNode filter = listen.putObject("params").putObject("notifications");
        if (resource == null) {
            filter.put("toolsListChanged", true).put("promptsListChanged", true).put("resourcesListChanged", true);
        } else {
            filter.putArray("resourceSubscriptions").add(resource);
        }
        ObjectNode wire = ModernEnvelope.wrap(listen, clientCapabilities);
        try {
            return send(build("POST", MAPPER.writeValueAsBytes(wire), current, null, ModernEnvelope.headers(wire, era)),
                    null, false);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message cannot be serialized", e);
        }
    }

    /** Replaces the caller's request id in {@code notifications/cancelled} by the id used on the wire. */
    private ObjectNode withUpstreamRequestId(ObjectNode notification) {
        JsonNode requestId = notification.path("params").get("requestId");
        Long wireId = requestId == null ? null : inFlight.get(requestId);
        if (!"notifications/cancelled".equals(notification.path("method").asText()) || wireId == null) {
            return notification;
        }
        ObjectNode translated = notification.deepCopy();
        ((ObjectNode) translated.get("params")).put("requestId", wireId);
        return translated;
    }

    private static Map<String, String> lower(Map<String, String> headers) {
        Map<String, String> lowered = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowered.put(name.toLowerCase(Locale.ROOT), value));
        return lowered;
    }

    private static boolean isEventStream(Answer response) {
        return AnswerBodies.isEventStream(response.headers());
    }

    private static boolean isJson(Answer response) {
        return AnswerBodies.isJson(response.headers());
    }

    private void ensureOpen() throws UpstreamException {
        if (closed) {
            throw new UpstreamException(upstream(), UpstreamException.Kind.CLOSED, "connection closed");
        }
    }

    private UpstreamException timeout() {
        return new UpstreamException(upstream(), UpstreamException.Kind.TIMEOUT,
                "no complete answer within " + config.requestTimeoutMs() + " ms");
    }

    private UpstreamException unreachable(UpstreamException.Kind kind, String message, Throwable cause) {
        UpstreamException failure = new UpstreamException(upstream(), kind, message, cause);
        observer.unreachable(failure);
        return failure;
    }

    private UpstreamException protocolError(String message) {
        return new UpstreamException(upstream(), UpstreamException.Kind.PROTOCOL, message);
    }

    private static void discard(Answer response) {
        closeQuietly(response.body());
    }

    /**
     * The GET stream: read on a virtual thread, reconnected with backoff (and {@code Last-Event-ID})
     * until the connection closes.
     */
    private final class EventStream {
        private final MessageSink sink;
        /** For a 2026-07-28 upstream: the one resource this stream listens to, or null for list changes. */
        private final String resource;
        private final CompletableFuture<Boolean> opened = new CompletableFuture<>();
        private volatile boolean stopped;
        private volatile InputStream body;
        private volatile Thread reader;
        private String lastEventId;

        EventStream(MessageSink sink, String resource) {
            this.sink = sink;
            this.resource = resource;
        }

        /**
         * Starts reading; true once the upstream accepted the stream, false on 405. Some servers
         * send the response headers only with the first event, so a stream still silent after
         * the connect timeout counts as open.
         */
        boolean start() throws UpstreamException {
            reader = Thread.ofVirtual().name("upstream-events-" + upstream()).start(this::run);
            try {
                return opened.get(config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return true;
            } catch (ExecutionException e) {
                throw (UpstreamException) e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new UpstreamException(upstream(), UpstreamException.Kind.CLOSED, "interrupted", e);
            }
        }

        void stop() {
            stopped = true;
            Thread thread = reader;
            if (thread != null) {
                thread.interrupt();
            }
            InputStream current = body;
            if (current != null) {
                closeQuietly(current);
            }
        }

        private boolean running() {
            return !stopped && !closed;
        }

        private void run() {
            long delayMs = 500;
            while (running()) {
                try {
                    Answer response = connect();
                    if (response.status() == 405) {
                        discard(response);
                        opened.complete(false);
                        return;
                    }
                    if (response.status() != 200 || !isEventStream(response)) {
                        discard(response);
                        throw new UpstreamException(upstream(), UpstreamException.Kind.HTTP_STATUS,
                                "answered HTTP " + response.status() + " to the event stream request");
                    }
                    opened.complete(true);
                    delayMs = 500;
                    consume(response.body());
                } catch (UpstreamException e) {
                    if (opened.completeExceptionally(e)) {
                        return;
                    }
                    log.debug("Upstream {}: event stream reconnect failed: {}", upstream(), e.getMessage());
                }
                if (!running() || !sleep(delayMs)) {
                    return;
                }
                delayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS);
            }
        }

        private Answer connect() throws UpstreamException {
            Session current = session();
            if (current.modern()) {
                return openListen(current, resource);
            }
            Answer response = openGet(current, lastEventId);
            if (response.status() == 404 && current.id() != null) {
                discard(response);
                lastEventId = null;
                response = openGet(renew(current), null);
            }
            return response;
        }

        private void consume(InputStream in) {
            body = in;
            try (in) {
                SseEventReader events = new SseEventReader(in, config.maxResponseBytes());
                SseEventReader.Event event;
                while ((event = events.next()) != null) {
                    lastEventId = event.id();
                    if (!event.data().isBlank()) {
                        deliver(parseMessage(event.data()), sink);
                    }
                }
            } catch (IOException | UpstreamException e) {
                if (running()) {
                    log.warn("Upstream {}: event stream interrupted: {}", upstream(), e.getMessage());
                }
            }
        }

        private static boolean sleep(long ms) {
            try {
                Thread.sleep(ms);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }
}
