package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ClientSessionState;
import dev.mcpproxy.proxy.dispatch.ForwardedCall;
import dev.mcpproxy.proxy.dispatch.ReplyStream;
import dev.mcpproxy.proxy.dispatch.UpstreamAccess;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client session of stateful mode: its negotiated version and capabilities, its own session
 * with each upstream (opened on first use, with the client's capabilities), the relay of
 * server-to-client requests, and the stream that feeds the client's GET request.
 */
public final class ClientSession implements UpstreamAccess, ClientSessionState {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final String id;
    private final UpstreamSessionOpener opener;
    private final StreamGuard guard;
    private final Map<String, UpstreamConnection> upstreams = new ConcurrentHashMap<>();
    private final ReentrantLock opening = new ReentrantLock();
    private final ServerRequestRelay relay = new ServerRequestRelay();
    private final SessionStream stream = new SessionStream();
    private volatile String protocolVersion;
    private volatile ObjectNode clientCapabilities = JsonNodeFactory.instance.objectNode();
    private volatile Principal principal;
    private volatile long lastActiveMillis = System.currentTimeMillis();
    /** False until the client comes back after initialize (health probes never do). */
    private volatile boolean resumed;
    private volatile boolean closed;

    ClientSession(String id, UpstreamSessionOpener opener, StreamGuard guard) {
        this.id = id;
        this.opener = opener;
        this.guard = guard;
    }

    @Override
    public String sessionId() {
        return id;
    }

    @Override
    public void initialized(String version, ObjectNode capabilities, Principal principal) {
        this.protocolVersion = version;
        this.clientCapabilities = capabilities;
        this.principal = principal;
    }

    /** Binds the session to the caller that opened it: a session id alone never lets anyone else in. */
    public void bind(Principal owner) {
        this.principal = owner;
    }

    /** Whether {@code caller} is the one the session belongs to (same subject and client). */
    public boolean belongsTo(Principal caller) {
        Principal owner = principal;
        return owner == null || owner.id().equals(caller.id()) && Objects.equals(owner.clientId(), caller.clientId());
    }

    @Override
    public String protocolVersion() {
        return protocolVersion;
    }

    public SessionStream stream() {
        return stream;
    }

    void touch() {
        lastActiveMillis = System.currentTimeMillis();
        resumed = true;
    }

    boolean resumed() {
        return resumed;
    }

    long lastActiveMillis() {
        return lastActiveMillis;
    }

    @Override
    public UpstreamConnection connection(String upstream) throws UpstreamException {
        UpstreamConnection existing = upstreams.get(upstream);
        if (existing != null) {
            return existing;
        }
        opening.lock();
        try {
            existing = upstreams.get(upstream);
            if (existing != null) {
                return existing;
            }
            if (closed) {
                throw new UpstreamException(upstream, UpstreamException.Kind.CLOSED, "the client session has ended");
            }
            UpstreamConnection connection = opener.open(upstream, clientCapabilities, fromStream(upstream));
            upstreams.put(upstream, connection);
            return connection;
        } finally {
            opening.unlock();
        }
    }

    /**
     * What an upstream sends on its own stream goes to the client's GET stream; its requests are
     * governed as the session's caller's first.
     */
    private MessageSink fromStream(String upstream) {
        return message -> {
            switch (JsonRpc.kind(message)) {
                case REQUEST -> {
                    guard.onStreamMessage(principal, id, message);
                    relay(upstream, message, stream::send);
                }
                case NOTIFICATION -> {
                    guard.onStreamMessage(principal, id, message);
                    stream.send(message);
                }
                default -> log.debug("Ignored an unexpected message on the stream of upstream '{}'", upstream);
            }
        };
    }

    @Override
    public void serverRequest(ForwardedCall call, ObjectNode request, ReplyStream reply) {
        relay(call.upstream(), request, reply);
    }

    private void relay(String upstream, ObjectNode request, ReplyStream reply) {
        String relayedId = relay.register(upstream, request.get("id"));
        if (relayedId == null) {
            refuse(upstream, request, "too many unanswered requests to the client");
            return;
        }
        ObjectNode relayed = request.deepCopy();
        relayed.put("id", relayedId);
        reply.send(relayed);
    }

    @Override
    public void clientResponse(ObjectNode response) {
        relay.take(response.get("id")).ifPresentOrElse(pending -> {
            ObjectNode answer = response.deepCopy();
            answer.set("id", pending.upstreamId());
            try {
                connection(pending.upstream()).respond(answer);
            } catch (UpstreamException e) {
                log.warn("A client answer could not be passed on: {}", e.getMessage());
            }
        }, () -> log.debug("Ignored a client response to no pending request"));
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void notifyOpenSessions(ObjectNode notification) {
        for (UpstreamConnection connection : List.copyOf(upstreams.values())) {
            try {
                connection.notify(notification.deepCopy());
            } catch (UpstreamException e) {
                log.warn("A client notification could not be passed on: {}", e.getMessage());
            }
        }
    }

    private void refuse(String upstream, ObjectNode request, String reason) {
        try {
            connection(upstream).respond(JsonRpc.error(request.get("id"), JsonRpcErrors.INTERNAL_ERROR, reason));
        } catch (UpstreamException e) {
            log.warn("A refusal could not be passed on: {}", e.getMessage());
        }
    }

    /** Ends the upstream sessions (each is deleted upstream) and the client's stream. */
    void close() {
        closed = true;
        stream.close();
        List<UpstreamConnection> open;
        opening.lock();
        try {
            open = new ArrayList<>(upstreams.values());
            upstreams.clear();
        } finally {
            opening.unlock();
        }
        open.forEach(UpstreamConnection::close);
    }

    /** For log lines: the session id is a capability, so only a short prefix of it is shown. */
    public String shortId() {
        return id.substring(0, 8);
    }
}
