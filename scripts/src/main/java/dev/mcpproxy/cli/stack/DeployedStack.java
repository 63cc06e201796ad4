package dev.mcpproxy.cli.stack;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import java.time.Instant;
import java.util.Map;

/** One deployed CloudFormation stack: its status, last change and outputs. */
public record DeployedStack(String name, String status, Instant lastChanged, Map<String, String> outputs) {

    public DeployedStack {
        outputs = Map.copyOf(outputs);
    }

    public String output(String key) {
        String value = outputs.get(key);
        if (value == null) {
            throw new CliException(ExitCode.NOT_DEPLOYED, "stack " + name + " has no output " + key
                    + " (status " + status + "); redeploy it with `deploy`");
        }
        return value;
    }

}
