package dev.mcpproxy.proxy.audit;

import java.io.PrintStream;
import java.io.Writer;

/** Writes to the process's stdout (not closed with the sink); each batch is written in one call. */
final class StdoutWriter extends Writer {
    private final PrintStream out;

    StdoutWriter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        out.print(new String(buffer, offset, length));
    }

    @Override
    public void write(String text) {
        out.print(text);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
