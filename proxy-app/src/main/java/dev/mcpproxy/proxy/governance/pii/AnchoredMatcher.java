package dev.mcpproxy.proxy.governance.pii;

/**
 * A built-in detector that tries one start position. Each looks at a bounded number of chars, so
 * a scan that tries every token start stays linear in the input size.
 */
interface AnchoredMatcher {

    /** Detector name, e.g. {@code card}. */
    String type();

    /** Rank among overlapping detections of equal length (higher wins). */
    int specificity();

    /** End (exclusive) of the value starting at {@code start}, or -1 when there is none. */
    int matchEnd(String s, int start);
}
