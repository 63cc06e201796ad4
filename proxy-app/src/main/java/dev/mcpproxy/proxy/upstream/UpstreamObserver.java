package dev.mcpproxy.proxy.upstream;

/** What a connection tells its registry besides answers: reachability and changed listings. */
public interface UpstreamObserver {

    UpstreamObserver NONE = new UpstreamObserver() {
    };

    /** An exchange with the upstream succeeded. */
    default void reachable(String upstream) {
    }

    /** The upstream could not be reached or failed at the transport level. */
    default void unreachable(UpstreamException failure) {
    }

    /** The upstream sent a {@code notifications/.../list_changed}, on any stream. */
    default void listChanged(String upstream, String notificationMethod) {
    }
}
