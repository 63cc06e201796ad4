package dev.mcpproxy.proxy.governance.validation;

/**
 * One failed check: where (a JSON pointer into the arguments, {@code ""} for the whole) and what,
 * in words that never repeat the value.
 */
record Violation(String pointer, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(arguments)" : pointer) + ": " + message;
    }
}
