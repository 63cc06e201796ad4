package dev.mcpproxy.proxy.governance.pii;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stage did to one exchange, as counts by type; the audit event gets these, never values.
 * The top level counts data the caller sent (and tokens restored for the caller, {@code restored});
 * {@link #result()} counts data the upstream sent.
 */
final class PiiTally implements PiiTokenizer.RestoreCounter {
    private final Map<String, Integer> detected = new TreeMap<>();
    private int tokenized;
    private int redacted;
    private int allowed;
    private int restored;
    private int detokenized;
    private String blocked;
    private PiiTally result;

    void detected(String type, PiiAction action) {
        detected.merge(type, 1, Integer::sum);
        switch (action) {
            case TOKENIZE -> tokenized++;
            case REDACT -> redacted++;
            case ALLOW -> allowed++;
            case BLOCK -> blocked = type;
        }
    }

    /** Values found so far in data the caller sent, whatever was done with them. */
    int detections() {
        return detected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Values found so far that went on as they were ({@code allow}). */
    int allowed() {
        return allowed;
    }

    /** Tokens in the caller's data turned back into values so far. */
    int detokenizedCount() {
        return detokenized;
    }

    /** Whether values were replaced by tokens (which are longer than most values). */
    boolean tokenizedAny() {
        return tokenized > 0;
    }

    @Override
    public void restored(String type) {
        restored++;
    }

    /** Counts tokens in the caller's data turned back into values for the upstream. */
    PiiTokenizer.RestoreCounter detokenized() {
        return type -> detokenized++;
    }

    /** The counts of data the upstream sent (results, its requests and log messages). */
    PiiTally result() {
        if (result == null) {
            result = new PiiTally();
        }
        return result;
    }

    /** Detections by type in data the caller sent. */
    Map<String, Integer> detectedByType() {
        return new TreeMap<>(detected);
    }

    /** Detections by type in data the upstream sent. */
    Map<String, Integer> resultDetectedByType() {
        return result == null ? Map.of() : result.detectedByType();
    }

    boolean isEmpty() {
        return detected.isEmpty() && restored == 0 && detokenized == 0 && (result == null || result.isEmpty());
    }

    /** The audit event's {@code pii} field. */
    Map<String, Object> toAudit() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("detected", new TreeMap<>(detected));
        fields.put("tokenized", tokenized);
        fields.put("redacted", redacted);
        fields.put("allowed", allowed);
        fields.put("restored", restored);
        if (detokenized > 0) {
            fields.put("detokenized", detokenized);
        }
        if (blocked != null) {
            fields.put("blocked", blocked);
        }
        if (result != null && !result.detected.isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("detected", new TreeMap<>(result.detected));
            out.put("tokenized", result.tokenized);
            out.put("redacted", result.redacted);
            out.put("allowed", result.allowed);
            fields.put("result", out);
        }
        return fields;
    }
}
