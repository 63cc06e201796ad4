package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.federation.Capabilities;
import dev.mcpproxy.proxy.federation.Catalog;
import dev.mcpproxy.proxy.federation.CatalogBuilder;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.federation.FederationException;
import dev.mcpproxy.proxy.federation.ListKind;
import dev.mcpproxy.proxy.federation.UpstreamListing;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * All upstreams of the proxy: their connections, health, discovered listings and the merged
 * {@link Catalog}. {@link #start()} initializes and discovers every upstream at once; one that is
 * down is retried with backoff (or fails startup when {@code required}). Listings are refreshed
 * when an upstream says they changed and every {@code federation.refreshSeconds}.
 */
public final class UpstreamRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamRegistry.class);
    private static final long FIRST_RETRY_MS = 1_000;
    private static final long MAX_RETRY_MS = 30_000;
    private static final String SHARED_SESSION = "no client is behind the proxy's shared session with this upstream, "
            + "which serves discovery and, in stateless mode, every caller; server.sessionMode: stateful relays "
            + "server requests sent while answering a client session's request";

    private final List<UpstreamConfig> configs;
    private final FederationConfig federation;
    private final CatalogBuilder catalogBuilder;
    private final Function<UpstreamConfig, UpstreamAuthenticator> authenticators;
    private final ObjectNode sharedClientCapabilities;
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, ObjectNode>> resourceUpdateListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("upstream-registry").factory());
    private final Object catalogLock = new Object();
    private volatile Catalog catalog = Catalog.empty();
    private volatile boolean closed;

    /**
     * @param authenticators           the credentials for each upstream
     *                                 ({@code c -> UpstreamAuthenticator.NONE} for none)
     * @param sharedClientCapabilities what the shared connections declare in {@code initialize}.
     *                                 Some upstreams list tools by client capability, so a stateful
     *                                 proxy passes {@code sampling}, {@code elicitation} and
     *                                 {@code roots} here; a stateless one, which cannot relay
     *                                 server-to-client requests, passes {@code {}}.
     */
    public UpstreamRegistry(List<UpstreamConfig> configs, FederationConfig federation,
                            Function<UpstreamConfig, UpstreamAuthenticator> authenticators,
                            ObjectNode sharedClientCapabilities) {
        this.configs = List.copyOf(configs);
        this.federation = federation;
        this.catalogBuilder = new CatalogBuilder(federation);
        this.authenticators = authenticators;
        this.sharedClientCapabilities = sharedClientCapabilities.deepCopy();
        for (UpstreamConfig config : this.configs) {
            upstreams.put(config.name(), new Upstream(config));
        }
    }

    /** Upstreams with credentials, shared connections declaring no client capabilities. */
    public UpstreamRegistry(List<UpstreamConfig> configs, FederationConfig federation,
                            Function<UpstreamConfig, UpstreamAuthenticator> authenticators) {
        this(configs, federation, authenticators, JsonNodeFactory.instance.objectNode());
    }

    /** Upstreams without credentials. */
    public UpstreamRegistry(List<UpstreamConfig> configs, FederationConfig federation) {
        this(configs, federation, config -> UpstreamAuthenticator.NONE);
    }

    /**
     * Initializes and discovers every upstream in parallel and builds the catalog.
     *
     * @throws UpstreamException   a {@code required} upstream is down (names it)
     * @throws FederationException the upstreams' names collide or are too long (names both sources)
     */
    public void start() throws UpstreamException {
        Map<Upstream, CompletableFuture<Boolean>> discoveries = new LinkedHashMap<>();
        for (Upstream upstream : upstreams.values()) {
            CompletableFuture<Boolean> discovered = new CompletableFuture<>();
            Thread.ofVirtual().name("discover-" + upstream.config.name()).start(() -> {
                try {
                    discovered.complete(upstream.connect());
                } catch (RuntimeException e) {
                    discovered.completeExceptionally(e);
                }
            });
            discoveries.put(upstream, discovered);
        }
        discoveries.forEach(this::awaitStartup);
        for (Upstream upstream : upstreams.values()) {
            UpstreamException failure = upstream.lastFailure;
            if (upstream.config.required() && upstream.state != UpstreamState.READY && failure != null) {
                throw new UpstreamException(upstream.config.name(), failure.kind(),
                        "required but not available: " + failure.reason(), failure);
            }
        }
        synchronized (catalogLock) {
            catalog = catalogBuilder.build(configs, listings(), true);
        }
        if (federation.refreshSeconds() > 0) {
            scheduler.scheduleWithFixedDelay(this::refreshAll, federation.refreshSeconds(),
                    federation.refreshSeconds(), TimeUnit.SECONDS);
        }
        // Upstreams still initializing join the catalog when they finish, failed ones are retried.
        discoveries.forEach((upstream, discovered) -> discovered.thenAccept(ready -> {
            if (ready) {
                publish();
            } else {
                upstream.scheduleRetry();
            }
        }));
    }

    /**
     * Waits for a required upstream as long as its discovery takes; for any other one at most its
     * connect timeout, so a silent upstream cannot hold up the proxy's start.
     */
    private void awaitStartup(Upstream upstream, CompletableFuture<Boolean> discovered) {
        try {
            if (upstream.config.required()) {
                discovered.get();
            } else {
                discovered.get(upstream.config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            log.warn("Upstream {} is still initializing; the proxy starts without it for now",
                    upstream.config.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("discovery of upstream '" + upstream.config.name() + "' failed", e);
        }
    }

    /** The merged view as of now. */
    public Catalog catalog() {
        return catalog;
    }

    public List<UpstreamConfig> configs() {
        return configs;
    }

    public UpstreamConfig config(String upstream) {
        return upstream(upstream).config;
    }

    /** The health of every upstream, in configuration order. */
    public List<UpstreamHealth> health() {
        Catalog current = catalog;
        return upstreams.values().stream().map(upstream -> upstream.health(current)).toList();
    }

    /** True when every upstream is ready. */
    public boolean ready() {
        return upstreams.values().stream().allMatch(upstream -> upstream.state == UpstreamState.READY);
    }

    /** The long-lived connection shared by all callers (stateless mode, and the proxy's own discovery). */
    public UpstreamConnection sharedConnection(String upstream) {
        return upstream(upstream).shared;
    }

    /**
     * A new, initialized upstream session for one stateful client session; the caller closes it.
     * Its GET stream, when the upstream offers one, delivers to {@code sink}.
     *
     * @param clientCapabilities the client's own capabilities, so the upstream may ask it
     *                           for sampling, elicitation or roots
     */
    public UpstreamConnection openSession(String upstream, ObjectNode clientCapabilities, MessageSink sink)
            throws UpstreamException {
        Upstream owner = upstream(upstream);
        UpstreamConnection connection = owner.newConnection(clientCapabilities);
        try {
            connection.initialize();
        } catch (UpstreamException e) {
            connection.close();
            throw e;
        }
        openEventStreamInBackground(connection, sink);
        return connection;
    }

    /** The capabilities the proxy announces, merged from the upstreams that have initialized ({@link Capabilities}). */
    public ObjectNode capabilities() {
        return Capabilities.merge(upstreams.values().stream()
                .map(upstream -> upstream.initializeResult).filter(Objects::nonNull).toList());
    }

    /** Told of every {@code notifications/resources/updated} an upstream sends on its shared connection. */
    public void addResourceUpdateListener(BiConsumer<String, ObjectNode> listener) {
        resourceUpdateListeners.add(listener);
    }

    /** An upstream said a resource changed (on its shared stream, or a resource's listen stream). */
    public void resourceUpdated(String upstream, ObjectNode notification) {
        resourceUpdateListeners.forEach(listener -> listener.accept(upstream, notification));
    }

    public void addChangeListener(CatalogListener listener) {
        listeners.add(listener);
    }

    public void removeChangeListener(CatalogListener listener) {
        listeners.remove(listener);
    }

    /** Lists one upstream again now (all four listings) and publishes any change. */
    public void refresh(String upstream) {
        upstream(upstream).refresh(EnumSet.allOf(ListKind.class));
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        for (Upstream upstream : upstreams.values()) {
            upstream.close();
        }
    }

    /**
     * Some servers (the Java SDK among them) send the GET stream's headers only with its first
     * event, so waiting for them would delay startup and every new client session.
     */
    private static void openEventStreamInBackground(UpstreamConnection connection, MessageSink sink) {
        Thread.ofVirtual().name("open-events-" + connection.upstream()).start(() -> {
            try {
                connection.openEventStream(sink);
            } catch (UpstreamException e) {
                log.debug("Upstream {}: no event stream: {}", connection.upstream(), e.getMessage());
            }
        });
    }

    private Upstream upstream(String name) {
        Upstream upstream = upstreams.get(name);
        if (upstream == null) {
            throw new IllegalArgumentException("unknown upstream '" + name + "'");
        }
        return upstream;
    }

    private Map<String, UpstreamListing> listings() {
        Map<String, UpstreamListing> listings = new LinkedHashMap<>();
        for (Upstream upstream : upstreams.values()) {
            if (upstream.listing != null) {
                listings.put(upstream.config.name(), upstream.listing);
            }
        }
        return listings;
    }

    private void refreshAll() {
        for (Upstream upstream : upstreams.values()) {
            if (upstream.state == UpstreamState.READY) {
                Thread.ofVirtual().start(() -> upstream.refresh(EnumSet.allOf(ListKind.class)));
            }
        }
    }

    /** Rebuilds the catalog leniently and tells the listeners what changed. */
    private void publish() {
        Catalog previous;
        Catalog next;
        synchronized (catalogLock) {
            previous = catalog;
            next = catalogBuilder.build(configs, listings(), false);
            catalog = next;
        }
        Set<ListKind> changed = EnumSet.noneOf(ListKind.class);
        for (ListKind kind : ListKind.values()) {
            if (!previous.items(kind).equals(next.items(kind))) {
                changed.add(kind);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        log.info("Catalog changed: {}", changed);
        for (CatalogListener listener : listeners) {
            try {
                listener.catalogChanged(next, Set.copyOf(changed));
            } catch (RuntimeException e) {
                log.warn("Catalog listener failed: {}", e.toString());
            }
        }
    }

    /** One upstream: its shared connection, state and last listing. */
    private final class Upstream implements UpstreamObserver {
        private final UpstreamConfig config;
        private final HttpClient http;
        private final UpstreamAuthenticator authenticator;
        /** Probed once (protocol: auto) and shared by the shared connection and every session's. */
        private final UpstreamEra era;
        private final UpstreamConnection shared;
        private final AtomicBoolean retrying = new AtomicBoolean();
        private final AtomicBoolean refreshing = new AtomicBoolean();
        private final Set<ListKind> pendingRefresh = EnumSet.noneOf(ListKind.class);
        private volatile UpstreamState state = UpstreamState.STARTING;
        private volatile String lastError;
        private volatile UpstreamException lastFailure;
        private volatile Instant since = Instant.now();
        private volatile ObjectNode initializeResult;
        private volatile UpstreamListing listing;
        private final AtomicLong retryDelayMs = new AtomicLong(FIRST_RETRY_MS);

        Upstream(UpstreamConfig config) {
            this.config = config;
            this.http = StreamableHttpConnection.newHttpClient(config);
            this.authenticator = authenticators.apply(config);
            this.era = new UpstreamEra(config.protocol());
            this.shared = newConnection(sharedClientCapabilities);
        }

        UpstreamConnection newConnection(ObjectNode clientCapabilities) {
            return new StreamableHttpConnection(config, http, authenticator, clientCapabilities, this, era);
        }

        /** Initializes and discovers; true when the upstream is ready. */
        boolean connect() {
            try {
                initializeResult = shared.initialize();
                // Opened before listing so that a list_changed sent while we list is not lost.
                openEventStreamInBackground(shared, this::answerOnSharedStream);
                listing = discover(EnumSet.allOf(ListKind.class));
                becomeReady();
                return true;
            } catch (UpstreamException e) {
                becomeDegraded(e);
                return false;
            }
        }

        /**
         * The shared stream serves the proxy's own bookkeeping (list_changed reaches the observer
         * before the sink) and resource updates for the shared subscriptions; a request on it belongs
         * to no caller, so the proxy answers it at once instead of leaving the upstream waiting.
         */
        private void answerOnSharedStream(ObjectNode message) {
            if (JsonRpc.kind(message) != JsonRpc.Kind.REQUEST) {
                if ("notifications/resources/updated".equals(message.path("method").asText())) {
                    resourceUpdated(config.name(), message);
                }
                return;
            }
            try {
                shared.respond(UnrelayedServerRequests.answer(message, SHARED_SESSION));
            } catch (UpstreamException e) {
                log.debug("Upstream {}: answer to its {} not delivered: {}", config.name(),
                        message.path("method").asText(), e.getMessage());
            }
        }

        private UpstreamListing discover(Set<ListKind> kinds) throws UpstreamException {
            Map<ListKind, ArrayNode> items = new EnumMap<>(ListKind.class);
            for (ListKind kind : ListKind.values()) {
                items.put(kind, kinds.contains(kind) || listing == null ? Discovery.list(shared, kind)
                        : listing.items(kind));
            }
            return new UpstreamListing(config.name(), items);
        }

        /** Lists {@code kinds} again; concurrent calls coalesce into the run already in progress. */
        void refresh(Set<ListKind> kinds) {
            synchronized (pendingRefresh) {
                pendingRefresh.addAll(kinds);
            }
            // Re-checked after releasing the flag, so kinds added meanwhile are never stranded.
            while (!closed && refreshing.compareAndSet(false, true)) {
                try {
                    drainPendingRefresh();
                } catch (UpstreamException e) {
                    log.warn("Upstream {}: refresh failed: {}", config.name(), e.getMessage());
                } finally {
                    refreshing.set(false);
                }
                synchronized (pendingRefresh) {
                    if (pendingRefresh.isEmpty()) {
                        return;
                    }
                }
            }
        }

        private void drainPendingRefresh() throws UpstreamException {
            while (!closed) {
                Set<ListKind> now;
                synchronized (pendingRefresh) {
                    if (pendingRefresh.isEmpty()) {
                        return;
                    }
                    now = EnumSet.copyOf(pendingRefresh);
                    pendingRefresh.clear();
                }
                listing = discover(now);
                publish();
            }
        }

        void scheduleRetry() {
            if (closed || !retrying.compareAndSet(false, true)) {
                return;
            }
            long delay = retryDelayMs.getAndUpdate(current -> Math.min(current * 2, MAX_RETRY_MS));
            try {
                scheduler.schedule(() -> Thread.ofVirtual().start(this::retry), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                retrying.set(false);
            }
        }

        private void retry() {
            retrying.set(false);
            if (closed || state == UpstreamState.READY) {
                return;
            }
            if (connect()) {
                publish();
            } else {
                scheduleRetry();
            }
        }

        private void becomeReady() {
            retryDelayMs.set(FIRST_RETRY_MS);
            if (state != UpstreamState.READY) {
                state = UpstreamState.READY;
                since = Instant.now();
                lastError = null;
                lastFailure = null;
                log.info("Upstream {} is ready: {} tools, {} resources, {} resource templates, {} prompts",
                        config.name(), listing.items(ListKind.TOOLS).size(), listing.items(ListKind.RESOURCES).size(),
                        listing.items(ListKind.RESOURCE_TEMPLATES).size(), listing.items(ListKind.PROMPTS).size());
            }
        }

        private void becomeDegraded(UpstreamException failure) {
            String error = failure.getMessage();
            lastFailure = failure;
            lastError = error;
            if (state != UpstreamState.DEGRADED && state != UpstreamState.CLOSED) {
                state = UpstreamState.DEGRADED;
                since = Instant.now();
                log.warn("Upstream {} is degraded: {}", config.name(), error);
            }
        }

        UpstreamHealth health(Catalog current) {
            ObjectNode result = initializeResult;
            return new UpstreamHealth(config.name(), state, lastError, since,
                    result == null ? null : result.path("protocolVersion").asText(null),
                    (int) current.count(ListKind.TOOLS, config.name()),
                    (int) current.count(ListKind.RESOURCES, config.name()),
                    (int) current.count(ListKind.PROMPTS, config.name()));
        }

        void close() {
            state = UpstreamState.CLOSED;
            shared.close();
            UpstreamHttpClients.stop(http);
        }

        @Override
        public void reachable(String upstream) {
            if (state == UpstreamState.DEGRADED) {
                scheduleRetry();
            }
        }

        @Override
        public void unreachable(UpstreamException failure) {
            if (closed || state == UpstreamState.STARTING) {
                return;
            }
            becomeDegraded(failure);
            scheduleRetry();
        }

        @Override
        public void listChanged(String upstream, String notificationMethod) {
            Set<ListKind> kinds = EnumSet.noneOf(ListKind.class);
            for (ListKind kind : ListKind.values()) {
                if (kind.changedNotification().equals(notificationMethod)) {
                    kinds.add(kind);
                }
            }
            if (!kinds.isEmpty() && state == UpstreamState.READY) {
                Thread.ofVirtual().start(() -> refresh(kinds));
            }
        }
    }
}
