package dev.mcpproxy.proxy.governance.pii;

/**
 * A built-in detector that tries one start position. Each looks at a bounded number of chars, so
 * a scan that tries every token start stays linear in the input size.
 */
abstract class AnchoredMatcher {
    private final String type;
    private final int specificity;

    /**
     * @param type        detector name, e.g. {@code card}
     * @param specificity rank among overlapping detections of equal length (higher wins)
     */
    AnchoredMatcher(String type, int specificity) {
        this.type = type;
        this.specificity = specificity;
    }

    final String type() {
        return type;
    }

    final int specificity() {
        return specificity;
    }

    /** End (exclusive) of the value starting at {@code start}, or -1 when there is none. */
    abstract int matchEnd(String s, int start);
}
