package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The client sessions of stateful mode. Ids are 256 random bits, so they cannot be guessed; a
 * session idle for longer than the configured time is closed together with its upstream sessions.
 */
public final class SessionStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    private static final Duration UNUSED_TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final UpstreamSessionOpener opener;
    private final StreamGuard guard;
    private final Duration idleTimeout;
    /** A session nobody used after initialize (AgentCore's probe opens one every few seconds) goes sooner. */
    private final Duration unusedTimeout;
    private final ScheduledExecutorService sweeper;

    /** @param guard governs the requests upstreams send on a session's own stream */
    public SessionStore(UpstreamSessionOpener opener, StreamGuard guard, Duration idleTimeout) {
        this.opener = opener;
        this.guard = guard;
        this.idleTimeout = idleTimeout;
        this.unusedTimeout = idleTimeout.compareTo(UNUSED_TIMEOUT) < 0 ? idleTimeout : UNUSED_TIMEOUT;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("session-sweeper")
                .factory());
        long period = Math.max(1, Math.min(30, idleTimeout.toSeconds() / 2));
        sweeper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.SECONDS);
    }

    public ClientSession create() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ClientSession session = new ClientSession(id, opener, guard);
        sessions.put(id, session);
        return session;
    }

    /** The live session with this id, marked active. */
    public Optional<ClientSession> find(String id) {
        ClientSession session = id == null ? null : sessions.get(id);
        if (session != null) {
            session.touch();
        }
        return Optional.ofNullable(session);
    }

    /** Ends a session; returns false when there was none with this id. */
    public boolean close(String id) {
        ClientSession session = sessions.remove(id);
        if (session == null) {
            return false;
        }
        session.close();
        return true;
    }

    /** Sends a notification on the stream of every session (e.g. a list change). */
    public void broadcast(ObjectNode notification) {
        sessions.values().forEach(session -> session.stream().send(notification.deepCopy()));
    }

    /** Ends every open GET stream (at shutdown, so that draining does not wait for them). */
    public void endStreams() {
        sessions.values().forEach(session -> session.stream().close());
    }

    private void closeIdle() {
        long now = System.currentTimeMillis();
        for (ClientSession session : List.copyOf(sessions.values())) {
            Duration limit = session.resumed() ? idleTimeout : unusedTimeout;
            if (session.lastActiveMillis() < now - limit.toMillis() && sessions.remove(session.sessionId(), session)) {
                log.debug("Closed client session {}... after {} s idle", session.shortId(), limit.toSeconds());
                session.close();
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        List<ClientSession> open = new ArrayList<>(sessions.values());
        sessions.clear();
        open.forEach(ClientSession::close);
    }
}
