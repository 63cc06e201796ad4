package dev.mcpproxy.proxy.config;

import java.util.regex.Pattern;

/** Name globs in configuration: {@code *} any run of characters, {@code ?} exactly one. */
public final class Glob {

    private Glob() {
    }

    /** The glob as a pattern matching whole names; every other character stands for itself. */
    public static Pattern toPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
