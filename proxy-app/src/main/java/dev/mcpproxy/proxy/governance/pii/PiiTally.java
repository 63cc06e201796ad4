package dev.mcpproxy.proxy.governance.pii;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What the stage did to one exchange, as counts by type; the audit event gets these, never values. */
final class PiiTally implements PiiTokenizer.RestoreCounter {
    private final Map<String, Integer> detected = new TreeMap<>();
    private int tokenized;
    private int redacted;
    private int allowed;
    private int restored;
    private String blocked;

    void detected(String type, PiiAction action) {
        detected.merge(type, 1, Integer::sum);
        switch (action) {
            case TOKENIZE -> tokenized++;
            case REDACT -> redacted++;
            case ALLOW -> allowed++;
            case BLOCK -> blocked = type;
        }
    }

    /** Whether values were replaced by tokens (which are longer than most values). */
    boolean tokenizedAny() {
        return tokenized > 0;
    }

    @Override
    public void restored(String type) {
        restored++;
    }

    boolean isEmpty() {
        return detected.isEmpty() && restored == 0;
    }

    /** The audit event's {@code pii} field. */
    Map<String, Object> toAudit() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("detected", new TreeMap<>(detected));
        fields.put("tokenized", tokenized);
        fields.put("redacted", redacted);
        fields.put("allowed", allowed);
        fields.put("restored", restored);
        if (blocked != null) {
            fields.put("blocked", blocked);
        }
        return fields;
    }
}
