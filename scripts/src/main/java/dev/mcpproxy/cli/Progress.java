package dev.mcpproxy.cli;

import java.io.PrintStream;

/** Progress lines on stderr, so stdout stays clean for data (--json, tokens). */
public final class Progress {

    private final PrintStream err;

    public Progress(PrintStream err) {
        this.err = err;
    }

    public void step(String message) {
        err.println("==> " + message);
        err.flush();
    }

    public void detail(String message) {
        err.println("    " + message);
        err.flush();
    }
}
