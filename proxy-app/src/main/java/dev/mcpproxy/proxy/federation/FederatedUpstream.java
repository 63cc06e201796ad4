package dev.mcpproxy.proxy.federation;

import java.util.List;

/** How one upstream joins the catalog: its name, the prefix of its tool and prompt names, its tool filter. */
public interface FederatedUpstream {

    /** Unique name, used in routes. */
    String name();

    /** Prefix for tool and prompt names ({@code prefix + separator + name}), or null for none. */
    String toolPrefix();

    /** Globs of upstream tool names to expose; empty = all. */
    List<String> include();

    /** Globs of upstream tool names to hide; applied after {@link #include()}. */
    List<String> exclude();
}
