package dev.mcpproxy.proxy.governance.pii;

/**
 * One piece of personal data found in a string: its detector's type and where it lies.
 *
 * @param type        detector name, e.g. {@code email}, also the token's type
 * @param start       first char (inclusive)
 * @param end         last char (exclusive)
 * @param specificity breaks ties between overlapping detections of equal length (higher wins)
 */
public record Detection(String type, int start, int end, int specificity) {

    public int length() {
        return end - start;
    }

    public boolean overlaps(Detection other) {
        return start < other.end && other.start < end;
    }
}
