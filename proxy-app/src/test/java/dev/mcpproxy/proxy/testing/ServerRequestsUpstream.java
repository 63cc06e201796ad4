package dev.mcpproxy.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * An MCP server on the TypeScript SDK ({@code @modelcontextprotocol/sdk}, pinned) whose tools ask
 * the client for sampling, elicitation, roots and ping regardless of the client's capabilities
 * (script {@code node/server-requests.mjs}): {@code ask_sampling}, {@code ask_elicitation},
 * {@code ask_roots}, {@code ping_client} send on the call's own stream (and {@code ask_personal_elicitation}, whose
 * question names {@code grace.private@example.org} and whose result is the client's answer as received); {@code ask_sampling_unrelated}
 * on the session's GET stream (as the conformance suite's reference server does), and so do
 * {@code ask_personal_sampling_unrelated} and {@code ask_personal_elicitation_unrelated}, whose questions
 * name {@code grace.private@example.org} and whose results are the client's answers as received, and
 * {@code log_personal_unrelated}, a log message ({@code notifications/message}) naming that address;
 * {@code ask_sampling_keep_waiting} ignores a refusal and waits until cancelled. Counters:
 * {@code event_streams}, {@code cancellations}; {@code own_event_stream} tells whether the calling
 * session opened its GET stream; {@code client_capabilities} echoes what the
 * client declared. Sessions are stateful, on a free loopback port.
 */
public final class ServerRequestsUpstream implements AutoCloseable {
    /** The TypeScript SDK release the script runs on (legacy era, as server-everything). */
    public static final String SDK_VERSION = "1.32.2";

    private static final String SCRIPT = "server-requests.mjs";

    private final NodeServerProcess process;

    private ServerRequestsUpstream(NodeServerProcess process) {
        this.process = process;
    }

    /** Installs the SDK when needed and starts the script on a free port; returns once it listens. */
    public static ServerRequestsUpstream start() {
        Path prefix = NpmPackages.install("typescript-sdk", Map.of("@modelcontextprotocol/sdk", SDK_VERSION));
        Path script = prefix.resolve(SCRIPT);
        try (InputStream source = ServerRequestsUpstream.class.getResourceAsStream("/node/" + SCRIPT)) {
            if (source == null) {
                throw new IllegalStateException("test resource node/" + SCRIPT + " is missing");
            }
            Files.copy(source, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = NodeServerProcess.freePort();
        NodeServerProcess process = new NodeServerProcess("server-requests", script, List.of(), port,
                prefix.resolve("server-requests-" + port + ".log"));
        process.start();
        return new ServerRequestsUpstream(process);
    }

    /** {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + process.port() + "/mcp";
    }

    @Override
    public void close() {
        process.stop();
    }
}
