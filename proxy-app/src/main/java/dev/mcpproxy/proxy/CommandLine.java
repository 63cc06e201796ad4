package dev.mcpproxy.proxy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's command line: {@code [--config FILE] [--upstream NAME=URL]... [--port N] [--demo]}.
 *
 * @param config    the YAML file, or null (then {@code MCP_PROXY_CONFIG}, then built-in defaults)
 * @param upstreams {@code NAME=URL} pairs added to the configured upstreams
 * @param port      overrides {@code server.port}, or null
 */
record CommandLine(Path config, List<Upstream> upstreams, Integer port, boolean demo, boolean help) {

    record Upstream(String name, String url) {
    }

    static final String USAGE = """
            Usage: java -jar proxy-app.jar [--config FILE] [--upstream NAME=URL]... [--port N] [--demo]
              --config FILE        YAML configuration (default: $MCP_PROXY_CONFIG, else built-in defaults)
              --upstream NAME=URL  an upstream MCP server (Streamable HTTP); repeatable
              --port N             port to listen on (overrides server.port; default 8000)
              --demo               start the embedded demo upstream and proxy it
              --help               this text""";

    static CommandLine parse(String[] args) {
        Path config = null;
        List<Upstream> upstreams = new ArrayList<>();
        Integer port = null;
        boolean demo = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                inlineValue = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            switch (arg) {
                case "--config" -> config = Path.of(inlineValue != null ? inlineValue : value(args, ++i, arg));
                case "--upstream" -> upstreams.add(upstream(inlineValue != null ? inlineValue : value(args, ++i, arg)));
                case "--port" -> port = port(inlineValue != null ? inlineValue : value(args, ++i, arg));
                case "--demo" -> demo = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new CommandLine(config, List.copyOf(upstreams), port, demo, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Upstream upstream(String value) {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1) {
            throw new IllegalArgumentException("--upstream must be NAME=URL, e.g. --upstream crm=http://localhost:3001/mcp");
        }
        return new Upstream(value.substring(0, equals), value.substring(equals + 1));
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, not '" + value + "'");
        }
    }
}
