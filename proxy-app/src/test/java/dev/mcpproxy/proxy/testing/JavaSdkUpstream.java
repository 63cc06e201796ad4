package dev.mcpproxy.proxy.testing;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An MCP Java SDK 2.1.0 server running in this JVM on Jetty (Streamable HTTP at {@code /mcp},
 * on 127.0.0.1 and a free port). Stateful (sessions, SSE, progress) or stateless.
 *
 * <p>Tools: {@code echo} (text), {@code add} (structured content with an output schema),
 * {@code fail} (an error result), {@code progress} (stateful only: progress notifications, then
 * the result), {@code sleep} ({@code ms}), {@code big} ({@code bytes} of text), plus
 * {@code extraTools} generated tools {@code tool-0001...}. Resource {@code java://static/greeting},
 * template {@code java://items/{id}}, prompt {@code greeting}. With {@code pageSize > 0},
 * {@code tools/list} answers in pages of that size.
 */
public final class JavaSdkUpstream implements AutoCloseable {
    public static final String STATIC_RESOURCE = "java://static/greeting";
    public static final String ITEM_TEMPLATE = "java://items/{id}";

    private final boolean stateful;
    private final int extraTools;
    private final int pageSize;
    private final String name;
    private final AtomicInteger eventStreams = new AtomicInteger();
    private int port;
    private Server jetty;
    private AutoCloseable mcpServer;
    private Consumer<McpSchema.Tool> toolAdder;

    private JavaSdkUpstream(Builder builder) {
        this.stateful = builder.stateful;
        this.extraTools = builder.extraTools;
        this.pageSize = builder.pageSize;
        this.name = builder.name;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A stateful server with the standard tools. */
    public static JavaSdkUpstream start() {
        return builder().start();
    }

    public static final class Builder {
        private boolean stateful = true;
        private int extraTools;
        private int pageSize;
        private String name = "java-sdk-upstream";

        public Builder stateful(boolean value) {
            stateful = value;
            return this;
        }

        /** Adds {@code count} generated tools {@code tool-0001...} (for paging and load). */
        public Builder extraTools(int count) {
            extraTools = count;
            return this;
        }

        /** Answers {@code tools/list} in pages of {@code size} items (0 = one page, the SDK's default). */
        public Builder pageSize(int size) {
            pageSize = size;
            return this;
        }

        /** The server's {@code serverInfo.name}. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        public JavaSdkUpstream start() {
            JavaSdkUpstream upstream = new JavaSdkUpstream(this);
            upstream.restart();
            return upstream;
        }
    }

    /** {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    public int port() {
        return port;
    }

    /**
     * GET streams the server has taken on as a session's listening stream, since the first start.
     * The SDK drops a notification sent while a session has none, so a test that triggers one waits
     * for this first (the proxy opens its streams in the background).
     */
    public int eventStreamsOpened() {
        return eventStreams.get();
    }

    /** Names of all tools, in listing order. */
    public List<String> toolNames() {
        return tools().stream().map(t -> t.tool().name()).toList();
    }

    /**
     * Adds a tool to the running server; a stateful one then sends
     * {@code notifications/tools/list_changed} to its sessions' GET streams. Gone after a restart.
     */
    public synchronized void addTool(String toolName) {
        toolAdder.accept(tool(toolName, "Added at runtime.", "{\"type\":\"object\"}"));
    }

    /** Stops the server; the port refuses connections. */
    public synchronized void stop() {
        try {
            if (mcpServer != null) {
                mcpServer.close();
            }
            if (jetty != null) {
                jetty.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the Java SDK upstream", e);
        } finally {
            mcpServer = null;
            jetty = null;
        }
    }

    /** A fresh server on the same port (the first call picks a free one): earlier sessions are unknown (404). */
    public synchronized void restart() {
        stop();
        HttpServlet transport;
        Supplier<List<McpSchema.Tool>> listedTools;
        if (stateful) {
            HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider
                    .builder().mcpEndpoint("/mcp").build();
            McpSyncServer server = McpServer.sync(provider)
                    .serverInfo(name, "1.0.0")
                    .capabilities(capabilities())
                    .tools(tools().stream().map(JavaSdkUpstream::statefulTool).toList())
                    .resources(new McpServerFeatures.SyncResourceSpecification(staticResource(),
                            (exchange, request) -> readResource(request.uri())))
                    .resourceTemplates(new McpServerFeatures.SyncResourceTemplateSpecification(itemTemplate(),
                            (exchange, request) -> readResource(request.uri())))
                    .prompts(new McpServerFeatures.SyncPromptSpecification(greetingPrompt(),
                            (exchange, request) -> greeting(request)))
                    .build();
            transport = provider;
            listedTools = server::listTools;
            mcpServer = server::close;
            toolAdder = tool -> {
                server.addTool(statefulTool(new ToolDefinition(tool, false, (request, progress) -> text(tool.name()))));
                server.notifyToolsListChanged();
            };
        } else {
            HttpServletStatelessServerTransport provider = HttpServletStatelessServerTransport.builder()
                    .messageEndpoint("/mcp").build();
            McpStatelessSyncServer server = McpServer.sync(provider)
                    .serverInfo(name, "1.0.0")
                    .capabilities(capabilities())
                    .tools(tools().stream().filter(t -> !t.needsSession()).map(JavaSdkUpstream::statelessTool).toList())
                    .resources(new McpStatelessServerFeatures.SyncResourceSpecification(staticResource(),
                            (context, request) -> readResource(request.uri())))
                    .resourceTemplates(new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
                            itemTemplate(), (context, request) -> readResource(request.uri())))
                    .prompts(new McpStatelessServerFeatures.SyncPromptSpecification(greetingPrompt(),
                            (context, request) -> greeting(request)))
                    .build();
            transport = provider;
            listedTools = server::listTools;
            mcpServer = server::close;
            toolAdder = tool -> server.addTool(statelessTool(
                    new ToolDefinition(tool, false, (request, progress) -> text(tool.name()))));
        }
        startJetty(transport, listedTools);
    }

    @Override
    public void close() {
        stop();
    }

    private void startJetty(HttpServlet transport, Supplier<List<McpSchema.Tool>> listedTools) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(transport), "/mcp");
        if (stateful) {
            // The SDK registers a GET as the session's listening stream before doGet returns, leaving it open (async).
            Filter countEventStreams = (request, response, chain) -> {
                chain.doFilter(request, response);
                if ("GET".equals(((HttpServletRequest) request).getMethod()) && request.isAsyncStarted()) {
                    eventStreams.incrementAndGet();
                }
            };
            context.addFilter(new FilterHolder(countEventStreams), "/mcp", EnumSet.of(DispatcherType.REQUEST));
        }
        if (pageSize > 0) {
            context.addFilter(new FilterHolder(new ToolPagingFilter(pageSize, listedTools)), "/mcp",
                    EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Java SDK upstream on port " + port, e);
        }
        port = connector.getLocalPort();
        jetty = server;
    }

    /** A tool with a handler that may report progress (a no-op without a session). */
    private record ToolDefinition(McpSchema.Tool tool, boolean needsSession, ToolHandler handler) {
    }

    @FunctionalInterface
    private interface ToolHandler {
        McpSchema.CallToolResult call(McpSchema.CallToolRequest request,
                                      Consumer<McpSchema.ProgressNotification> progress);
    }

    private List<ToolDefinition> tools() {
        List<ToolDefinition> tools = new ArrayList<>();
        tools.add(new ToolDefinition(tool("echo", "Echoes a message.",
                "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}"),
                false, (request, progress) -> text("Echo: " + request.arguments().get("message"))));
        tools.add(new ToolDefinition(McpSchema.Tool.builder().name("add").title("Add")
                .description("Adds two numbers; the sum is structured content.")
                .inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":"
                        + "\"number\"},\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}")
                .outputSchema(McpJsonDefaults.getMapper(),
                        "{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"number\"}},\"required\":[\"sum\"]}")
                .annotations(new McpSchema.ToolAnnotations("Add", true, false, true, false, null))
                .meta(Map.of("dev.mcpproxy/test", "kept"))
                .build(), false, (request, progress) -> {
            double sum = ((Number) request.arguments().get("a")).doubleValue()
                    + ((Number) request.arguments().get("b")).doubleValue();
            return McpSchema.CallToolResult.builder().structuredContent(Map.of("sum", sum))
                    .addTextContent("{\"sum\":" + sum + "}").build();
        }));
        tools.add(new ToolDefinition(tool("fail", "Always fails with an error result.", "{\"type\":\"object\"}"),
                false, (request, progress) -> McpSchema.CallToolResult.builder()
                .addTextContent("this tool always fails").isError(true).build()));
        tools.add(new ToolDefinition(tool("progress", "Reports progress, then answers.",
                "{\"type\":\"object\",\"properties\":{\"steps\":{\"type\":\"integer\"}}}"),
                true, (request, progress) -> {
            int steps = ((Number) request.arguments().getOrDefault("steps", 3)).intValue();
            Object token = request.meta() == null ? null : request.meta().get("progressToken");
            for (int step = 1; step <= steps; step++) {
                if (token != null) {
                    progress.accept(new McpSchema.ProgressNotification(token, step, (double) steps,
                            "step " + step));
                }
                pause(50);
            }
            return text("done after " + steps + " steps");
        }));
        tools.add(new ToolDefinition(tool("sleep", "Sleeps for ms milliseconds.",
                "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"}}}"),
                false, (request, progress) -> {
            pause(((Number) request.arguments().getOrDefault("ms", 1000)).longValue());
            return text("slept");
        }));
        tools.add(new ToolDefinition(tool("big", "Answers with a text of the given number of bytes.",
                "{\"type\":\"object\",\"properties\":{\"bytes\":{\"type\":\"integer\"}}}"),
                false, (request, progress) -> text("x".repeat(
                ((Number) request.arguments().getOrDefault("bytes", 1024)).intValue()))));
        for (int i = 1; i <= extraTools; i++) {
            String toolName = String.format("tool-%04d", i);
            tools.add(new ToolDefinition(tool(toolName, "Generated tool " + i + ".", "{\"type\":\"object\"}"),
                    false, (request, progress) -> text(toolName)));
        }
        return tools;
    }

    private static McpSchema.Tool tool(String name, String description, String inputSchema) {
        return McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(McpJsonDefaults.getMapper(), inputSchema).build();
    }

    private static McpServerFeatures.SyncToolSpecification statefulTool(ToolDefinition definition) {
        return new McpServerFeatures.SyncToolSpecification(definition.tool(),
                (exchange, request) -> definition.handler().call(request, exchange::progressNotification));
    }

    private static McpStatelessServerFeatures.SyncToolSpecification statelessTool(ToolDefinition definition) {
        return new McpStatelessServerFeatures.SyncToolSpecification(definition.tool(),
                (context, request) -> definition.handler().call(request, notification -> {
                }));
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(true).resources(false, true).prompts(true).logging()
                .build();
    }

    private static McpSchema.Resource staticResource() {
        return McpSchema.Resource.builder().uri(STATIC_RESOURCE).name("greeting").title("Greeting")
                .mimeType("text/plain").build();
    }

    private static McpSchema.ResourceTemplate itemTemplate() {
        return McpSchema.ResourceTemplate.builder().uriTemplate(ITEM_TEMPLATE).name("item").mimeType("text/plain")
                .build();
    }

    private static McpSchema.ReadResourceResult readResource(String uri) {
        String text = STATIC_RESOURCE.equals(uri) ? "Hello from the Java SDK" : "item " + uri;
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/plain", text)));
    }

    private static McpSchema.Prompt greetingPrompt() {
        return new McpSchema.Prompt("greeting", "Greets someone.",
                List.of(new McpSchema.PromptArgument("name", "Who to greet", true)));
    }

    private static McpSchema.GetPromptResult greeting(McpSchema.GetPromptRequest request) {
        Object who = request.arguments() == null ? "you" : request.arguments().getOrDefault("name", "you");
        return new McpSchema.GetPromptResult("A greeting", List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                new McpSchema.TextContent("Say hello to " + who))));
    }

    private static McpSchema.CallToolResult text(String value) {
        return McpSchema.CallToolResult.builder().addTextContent(value).build();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
