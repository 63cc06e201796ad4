package dev.mcpproxy.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js server script run on a fixed loopback port (env {@code PORT}), its output appended to
 * a log file; {@link #start()} returns once the port accepts connections.
 */
final class NodeServerProcess {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final int port;
    private final Path log;
    private Process process;

    NodeServerProcess(String name, Path script, List<String> args, int port, Path log) {
        this.name = name;
        this.command = new ArrayList<>(List.of("node", script.toString()));
        this.command.addAll(args);
        this.port = port;
        this.log = log;
    }

    int port() {
        return port;
    }

    synchronized ProcessHandle handle() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.toHandle();
    }

    /** Starts the process (stopping a running one first); returns once it listens. */
    synchronized void start() {
        stop();
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("PORT", Integer.toString(port));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (Node.js 22 or 24 must be on the PATH)", e);
        }
        awaitListening();
    }

    /** Kills the process; the port stops answering (connection refused). */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        stop();
        throw new IllegalStateException(name + " did not listen on port " + port + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + log);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
