package dev.mcpproxy.proxy.governance.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Cedar policy file into its statements (each ending with {@code ;} outside strings and
 * comments), keeping each one's offset, so that parse and validation errors can name a line.
 */
final class CedarStatements {

    record Statement(String text, int offset) {
    }

    private CedarStatements() {
    }

    static List<Statement> split(String source) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        boolean inString = false;
        boolean inComment = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inComment) {
                inComment = c != '\n';
            } else if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                inComment = true;
            } else if (c == ';') {
                add(statements, source, start, i + 1);
                start = i + 1;
            }
        }
        add(statements, source, start, source.length());
        return statements;
    }

    /** Adds the statement without its leading blank lines and comments, if anything is left. */
    private static void add(List<Statement> statements, String source, int from, int to) {
        int begin = from;
        while (begin < to) {
            if (Character.isWhitespace(source.charAt(begin))) {
                begin++;
            } else if (source.startsWith("//", begin)) {
                int end = source.indexOf('\n', begin);
                begin = end < 0 || end > to ? to : end + 1;
            } else {
                break;
            }
        }
        if (begin < to) {
            statements.add(new Statement(source.substring(begin, to), begin));
        }
    }
}
