package dev.mcpproxy.cli.logs;

import java.time.Instant;

public record LogLine(String eventId, Instant timestamp, String stream, String message) {}
