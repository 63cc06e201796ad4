package dev.mcpproxy.proxy.upstream.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A secret in a file (a mounted secret), read again after the refresh interval so rotation is seen. */
final class FileSecretSource implements SecretSource {
    private final Path path;
    private final Duration refreshInterval;
    private final Clock clock;
    private String value;
    private Instant readAt;

    FileSecretSource(Path path, Duration refreshInterval, Clock clock) {
        this.path = path;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
    }

    @Override
    public synchronized String value() throws UpstreamAuthException {
        Instant now = clock.instant();
        if (value == null || !now.isBefore(readAt.plus(refreshInterval))) {
            try {
                String read = Files.readString(path, StandardCharsets.UTF_8).strip();
                if (read.isEmpty()) {
                    throw new UpstreamAuthException("secret file " + path + " is empty");
                }
                value = read;
                readAt = now;
            } catch (IOException e) {
                throw new UpstreamAuthException("secret file " + path + " cannot be read: " + e.getClass().getSimpleName());
            }
        }
        return value;
    }

    @Override
    public synchronized void invalidate() {
        value = null;
    }
}
