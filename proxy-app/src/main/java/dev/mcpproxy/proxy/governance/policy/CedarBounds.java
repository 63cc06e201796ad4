package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * How much request context Cedar is given. Its native code panics on values nested about 125
 * levels deep, and the panic message (printed to stderr) quotes the whole request, arguments and
 * claims included; a context beyond these bounds is refused before Cedar sees it.
 */
final class CedarBounds {
    static final int MAX_DEPTH = 64;
    static final int MAX_VALUES = 10_000;
    static final int MAX_CHARS = 1024 * 1024;

    /** The context is beyond the bounds; the message names them, never a value. */
    static final class ExceededException extends RuntimeException {
        ExceededException() {
            super("Arguments too large or too deeply nested for policy evaluation (at most " + MAX_DEPTH
                    + " levels, " + MAX_VALUES + " values and " + MAX_CHARS + " characters)", null, false, false);
        }
    }

    private record Level(Value value, int depth) {
    }

    private CedarBounds() {
    }

    /** Walks the context without recursion (the depth is what is being checked). */
    static void check(Map<String, Value> context) {
        Deque<Level> todo = new ArrayDeque<>();
        context.values().forEach(value -> todo.push(new Level(value, 1)));
        long values = 0;
        long chars = 0;
        while (!todo.isEmpty()) {
            Level next = todo.pop();
            if (next.depth() > MAX_DEPTH || ++values > MAX_VALUES) {
                throw new ExceededException();
            }
            Collection<Value> children = null;
            if (next.value() instanceof CedarMap record) {
                chars += record.keySet().stream().mapToLong(String::length).sum();
                children = record.values();
            } else if (next.value() instanceof CedarList set) {
                children = set;
            } else if (next.value() instanceof PrimString string) {
                chars += string.toString().length();
            }
            if (chars > MAX_CHARS) {
                throw new ExceededException();
            }
            if (children != null) {
                children.forEach(child -> todo.push(new Level(child, next.depth() + 1)));
            }
        }
    }
}
