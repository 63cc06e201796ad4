package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.JavaSdkUpstream;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.StreamableHttpConnection;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's upstream client ({@link StreamableHttpConnection}) against the MCP Java SDK's own
 * client as the baseline: the same {@code tools/call echo} on the same in-process Java SDK
 * server, in the same run. Shows what the client side adds to every proxied call.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpstreamClientBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Stateful servers answer with SSE, stateless ones with JSON. */
    @Param({"true", "false"})
    public boolean stateful;

    private JavaSdkUpstream server;
    private StreamableHttpConnection connection;
    private McpSyncClient sdkClient;
    private ObjectNode call;

    @Setup
    public void start() throws Exception {
        server = JavaSdkUpstream.builder().stateful(stateful).start();
        connection = new StreamableHttpConnection(UpstreamConfig.of("bench", server.url()));
        connection.initialize();
        sdkClient = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.url().replace("/mcp", ""))
                .endpoint("/mcp").build()).build();
        sdkClient.initialize();
        call = (ObjectNode) MAPPER.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{\"message\":\"hello\"}}}");
    }

    @TearDown
    public void stop() {
        sdkClient.closeGracefully();
        connection.close();
        server.close();
    }

    @Benchmark
    public ObjectNode proxyClient() throws UpstreamException {
        return connection.request(call, MessageSink.DISCARD);
    }

    @Benchmark
    public McpSchema.CallToolResult sdkClientBaseline() {
        return sdkClient.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "hello")));
    }
}
