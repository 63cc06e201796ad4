package dev.mcpproxy.proxy.upstream;

/** The proxy's version as it introduces itself to upstreams. */
final class ProxyVersion {
    static final String VERSION = versionOf(ProxyVersion.class.getPackage().getImplementationVersion());

    private ProxyVersion() {
    }

    private static String versionOf(String implementationVersion) {
        return implementationVersion == null ? "dev" : implementationVersion;
    }
}
