package dev.mcpproxy.cli.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import dev.mcpproxy.contracts.StackOutputs;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints the application or audit log of an environment (CloudWatch Logs).")
public final class LogsCommand extends AwsCommand {

    /** Which of the environment's log groups to read. */
    public enum Source { application, audit }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--source", defaultValue = "application", paramLabel = "application|audit",
            description = "Which log: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Source source;

    @Option(names = "--since", defaultValue = "10m", converter = SinceParser.class, paramLabel = "WHEN",
            description = "Start: a duration back from now (30s, 10m, 2h, 1d) or an instant (2026-01-31T12:00:00Z). Default: ${DEFAULT-VALUE}.")
    Since since;

    @Option(names = "--filter", paramLabel = "PATTERN", description = "CloudWatch Logs filter pattern, e.g. ERROR or '{ $.decision = \"deny\" }'.")
    String filter;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted (Ctrl-C).")
    boolean follow;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many events per read (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per event.")
    boolean json;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        DeployedStack foundation = new StackReader(aws.cloudFormation(), aws.region().id())
                .require(StackNames.foundation(target.env()), target.env());
        String group = foundation.output(
                source == Source.audit ? StackOutputs.AUDIT_LOG_GROUP_NAME : StackOutputs.APPLICATION_LOG_GROUP_NAME);
        LogReader reader = new LogReader(aws.logs());
        Instant start = since.from(Instant.now());
        Set<String> printed = new HashSet<>();
        while (true) {
            List<LogLine> lines = reader.read(group, start, Optional.ofNullable(filter), limit);
            for (LogLine line : lines) {
                if (printed.add(line.eventId())) {
                    print(context().out(), line);
                }
                start = line.timestamp().isAfter(start) ? line.timestamp() : start;
            }
            if (!follow || !pause()) {
                return ExitCode.OK;
            }
        }
    }

    private void print(PrintStream out, LogLine line) {
        if (json) {
            out.println(JSON.createObjectNode().put("timestamp", line.timestamp().toString())
                    .put("stream", line.stream()).put("message", line.message()));
        } else {
            out.println(line.timestamp() + " " + line.message().stripTrailing());
        }
    }

    /** @return false when interrupted: following ends quietly */
    private boolean pause() {
        try {
            Thread.sleep(context().pollInterval());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
