package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.health.HealthReport;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every path the proxy serves: the MCP endpoint, the health endpoint and, when the caller
 * authenticator has one, the OAuth protected-resource metadata. The last line of defence: an
 * unexpected failure is logged and answered with a bare error, never with internals.
 */
final class ProxyHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
    static final String PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";
    private static final long STARTUP_WAIT_SECONDS = 60;

    private final ServerConfig config;
    private final McpEndpoint mcp;
    private final HealthReport health;
    private final CallerAuthenticator authenticator;
    private final ObjectMapper mapper = JsonMappers.create();
    /** Closed until the upstreams are discovered, so no client sees an empty catalog at startup. */
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean serving;

    ProxyHandler(ServerConfig config, McpEndpoint mcp, HealthReport health, CallerAuthenticator authenticator) {
        super(InvocationType.BLOCKING);
        this.config = config;
        this.mcp = mcp;
        this.health = health;
        this.authenticator = authenticator;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        long start = System.nanoTime();
        try {
            if (path.equals(config.path())) {
                if (awaitOpen()) {
                    mcp.handle(request, response);
                } else {
                    json(response, 503, JsonRpc.error(null, JsonRpcErrors.INTERNAL_ERROR, "The proxy is not serving"));
                }
            } else if (path.equals(config.healthPath()) && isRead(request)) {
                health(response);
            } else if ((path.equals(PROTECTED_RESOURCE_PATH) || path.equals(PROTECTED_RESOURCE_PATH + config.path()))
                    && isRead(request)) {
                protectedResourceMetadata(request, response);
            } else {
                json(response, 404, JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST, "Not found"));
            }
            callback.succeeded();
        } catch (Throwable failure) {
            fail(response, callback, failure);
        } finally {
            log.atDebug().setMessage("http").addKeyValue("method", request.getMethod()).addKeyValue("path", path)
                    .addKeyValue("status", response.getStatus())
                    .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000).log();
        }
        return true;
    }

    void open() {
        serving = true;
        opened.countDown();
    }

    /** Startup failed or the proxy stops: requests still waiting at the gate are turned away. */
    void refuse() {
        serving = false;
        opened.countDown();
    }

    private boolean awaitOpen() throws InterruptedException {
        return opened.await(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS) && serving;
    }

    private static boolean isRead(Request request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    private void health(Response response) throws IOException {
        ObjectNode report = health.toJson();
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        json(response, 200, report);
    }

    private void protectedResourceMetadata(Request request, Response response) throws IOException {
        Optional<ObjectNode> metadata = authenticator.protectedResourceMetadata(
                McpEndpoint.resourceUrl(request, config.path()));
        if (metadata.isPresent()) {
            json(response, 200, metadata.get());
        } else {
            json(response, 404, JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST, "Not found"));
        }
    }

    private void json(Response response, int status, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpReply.JSON);
        HttpReply.write(response, true, mapper.writeValueAsString(body));
    }

    private void fail(Response response, Callback callback, Throwable failure) {
        if (failure instanceof IOException) {
            log.debug("Client connection failed: {}", failure.toString());
            callback.failed(failure);
            return;
        }
        log.error("Unexpected failure while serving a request", failure);
        if (response.isCommitted()) {
            callback.failed(failure);
            return;
        }
        try {
            response.reset();
            json(response, 500, JsonRpc.error(null, JsonRpcErrors.INTERNAL_ERROR, "Internal error in the proxy"));
            callback.succeeded();
        } catch (Throwable again) {
            callback.failed(failure);
        }
    }
}
