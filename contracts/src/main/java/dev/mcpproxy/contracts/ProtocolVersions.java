package dev.mcpproxy.contracts;

import java.util.List;

/** The MCP protocol versions the proxy serves and speaks upstream, and the CLI speaks. */
public final class ProtocolVersions {
    public static final String V2025_03_26 = "2025-03-26";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_11_25 = "2025-11-25";
    public static final String V2026_07_28 = "2026-07-28";

    /** The session era ({@code initialize} negotiates a version), oldest first. */
    public static final List<String> LEGACY = List.of(V2025_03_26, V2025_06_18, V2025_11_25);
    /** The newest version of the session era: what a 2025-era client asks for. */
    public static final String LATEST_LEGACY = V2025_11_25;
    /** The session-less era (every request names its version in {@code _meta}). */
    public static final List<String> MODERN = List.of(V2026_07_28);
    /** Every version, newest first. */
    public static final List<String> NEWEST_FIRST = List.of(V2026_07_28, V2025_11_25, V2025_06_18, V2025_03_26);

    private ProtocolVersions() {
    }
}
