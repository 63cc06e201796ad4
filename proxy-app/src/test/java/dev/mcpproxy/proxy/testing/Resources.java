package dev.mcpproxy.proxy.testing;

/** Closing what a test class started, in order, skipping what never started. */
public final class Resources {

    private Resources() {
    }

    /** Closes each non-null resource in the given order; the first failure is rethrown after all were tried. */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
