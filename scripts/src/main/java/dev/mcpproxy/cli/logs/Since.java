package dev.mcpproxy.cli.logs;

import java.time.Instant;

/** A start time, relative to when the command runs. */
@FunctionalInterface
public interface Since {
    Instant from(Instant now);
}
