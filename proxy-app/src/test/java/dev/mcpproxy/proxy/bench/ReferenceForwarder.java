package dev.mcpproxy.proxy.bench;

import dev.mcpproxy.proxy.background.InlineVirtualThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The least a proxy hop can cost: a Jetty server (virtual threads, like the proxy) that forwards
 * each POST byte for byte to the upstream, without parsing it, over the JDK HTTP client or Jetty's
 * ({@code -Dforwarder.client=jdk|jdk-direct|jetty}; {@code jdk-direct} runs the JDK client's tasks
 * on its selector thread, as the proxy does), Jetty's with the request's virtual thread run on the
 * selectors as the proxy runs it ({@code jetty-inline}, {@link InlineVirtualThreads}: needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}), or without any thread per request
 * ({@code jetty-async}: both sides on their selector threads). A reference point for the proxy's numbers, started by
 * the benchmark with {@code --proxy-main}; same command line as the proxy's quick path.
 */
public final class ReferenceForwarder {
    private static final List<String> FORWARDED_HEADERS = List.of("Accept", "Mcp-Session-Id", "MCP-Protocol-Version");

    private ReferenceForwarder() {
    }

    /** One forwarded exchange's outcome. */
    private record Reply(int status, String contentType, String sessionId, byte[] body) {
    }

    @FunctionalInterface
    private interface Forward {
        Reply send(Request request, byte[] body) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        URI upstream = null;
        int port = 8000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--upstream" -> upstream = URI.create(args[i + 1].substring(args[i + 1].indexOf('=') + 1));
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Usage: --upstream NAME=URL [--port N]");
            }
        }
        if (upstream == null) {
            throw new IllegalArgumentException("Usage: --upstream NAME=URL [--port N]");
        }
        String kind = System.getProperty("forwarder.client", "jdk");
        if ("jetty-async".equals(kind)) {
            startAsync(upstream, port);
            return;
        }
        boolean inline = "jetty-inline".equals(kind);
        Forward forward = kind.startsWith("jetty") ? jettyClient(upstream, inline) : jdkClient(upstream, kind);
        QueuedThreadPool threads = inline ? InlineVirtualThreads.carrierPool("forwarder", 200, 8, false) : new QueuedThreadPool();
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(inline
                ? InlineVirtualThreads.named("forward-") : Thread.ofVirtual().factory()));
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                ByteBuffer in = Content.Source.asByteBuffer(request);
                byte[] body = new byte[in.remaining()];
                in.get(body);
                Reply reply = forward.send(request, body);
                response.setStatus(reply.status());
                if (reply.contentType() != null) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
                }
                if (reply.sessionId() != null) {
                    response.getHeaders().put("Mcp-Session-Id", reply.sessionId());
                }
                response.write(true, ByteBuffer.wrap(reply.body()), callback);
                return true;
            }
        });
        server.start();
    }

    /**
     * Without a thread per request: the server runs the handler on its selector thread, the client
     * sends without blocking and writes the reply from its own selector thread when the answer is
     * complete. No thread wakes for a call but the two selectors.
     */
    private static void startAsync(URI upstream, int port) throws Exception {
        ClientConnector clientConnector = new ClientConnector();
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(clientConnector);
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient(transport);
        client.start();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.asByteBuffer(request, Promise.from(in -> {
                    byte[] body = new byte[in.remaining()];
                    in.get(body);
                    client.newRequest(upstream).method("POST")
                            .headers(out -> FORWARDED_HEADERS.forEach(header -> {
                                String value = request.getHeaders().get(header);
                                if (value != null) {
                                    out.put(header, value);
                                }
                            }))
                            .body(new BytesRequestContent(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body))
                            .send(new BufferingResponseListener(1 << 20) {
                                @Override
                                public void onComplete(Result result) {
                                    if (result.isFailed()) {
                                        callback.failed(result.getFailure());
                                        return;
                                    }
                                    response.setStatus(result.getResponse().getStatus());
                                    String type = result.getResponse().getHeaders().get(HttpHeader.CONTENT_TYPE);
                                    if (type != null) {
                                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
                                    }
                                    String session = result.getResponse().getHeaders().get("Mcp-Session-Id");
                                    if (session != null) {
                                        response.getHeaders().put("Mcp-Session-Id", session);
                                    }
                                    response.write(true, ByteBuffer.wrap(getContent()), callback);
                                }
                            });
                }, callback::failed));
                return true;
            }
        });
        server.start();
    }

    private static Forward jdkClient(URI upstream, String kind) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if ("jdk-direct".equals(kind)) {
            builder.executor(Runnable::run);
        }
        HttpClient client = builder.build();
        return (request, body) -> {
            HttpRequest.Builder out = HttpRequest.newBuilder(upstream)
                    .header("Content-Type", request.getHeaders().get(HttpHeader.CONTENT_TYPE))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : FORWARDED_HEADERS) {
                String value = request.getHeaders().get(header);
                if (value != null) {
                    out.header(header, value);
                }
            }
            HttpResponse<byte[]> reply = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(reply.statusCode(), reply.headers().firstValue("Content-Type").orElse(null),
                    reply.headers().firstValue("Mcp-Session-Id").orElse(null), reply.body());
        };
    }

    private static Forward jettyClient(URI upstream, boolean inline) throws Exception {
        org.eclipse.jetty.client.HttpClient client;
        if (inline) {
            ClientConnector clientConnector = new ClientConnector();
            clientConnector.setExecutor(InlineVirtualThreads.carrierPool("forwarder-client", 200, 8, false));
            HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(clientConnector);
            transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
            client = new org.eclipse.jetty.client.HttpClient(transport);
        } else {
            client = new org.eclipse.jetty.client.HttpClient();
        }
        client.start();
        return (request, body) -> {
            ContentResponse reply = client.newRequest(upstream)
                    .method("POST")
                    .headers(out -> FORWARDED_HEADERS.forEach(header -> {
                        String value = request.getHeaders().get(header);
                        if (value != null) {
                            out.put(header, value);
                        }
                    }))
                    .body(new BytesRequestContent(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body))
                    .send();
            return new Reply(reply.getStatus(), reply.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    reply.getHeaders().get("Mcp-Session-Id"), reply.getContent());
        };
    }
}
