package dev.mcpproxy.cli;

import dev.mcpproxy.cli.cdk.SynthCommand;
import dev.mcpproxy.cli.deploy.ClientConfigCommand;
import dev.mcpproxy.cli.deploy.DeployCommand;
import dev.mcpproxy.cli.deploy.DestroyCommand;
import dev.mcpproxy.cli.identity.RotateSecretCommand;
import dev.mcpproxy.cli.image.ImageCommand;
import dev.mcpproxy.cli.local.LocalCommand;
import dev.mcpproxy.cli.logs.LogsCommand;
import dev.mcpproxy.cli.mcp.InvokeCommand;
import dev.mcpproxy.cli.mcp.TokenCommand;
import dev.mcpproxy.cli.promote.PromoteCommand;
import dev.mcpproxy.cli.promote.RollbackCommand;
import dev.mcpproxy.cli.runtime.StatusCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code mcp-proxy} command: deploys, operates and runs the proxy. */
@Command(
        name = "mcp-proxy",
        mixinStandardHelpOptions = true,
        versionProvider = McpProxyCli.Version.class,
        description = {
            "Deploys the MCP governance proxy to Amazon Bedrock AgentCore Runtime and operates it.",
            "No Docker needed: the image is built with Jib; the stacks are deployed with the AWS CDK (needs Node.js)."
        },
        subcommands = {
            LocalCommand.class,
            SynthCommand.class,
            DeployCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            StatusCommand.class,
            InvokeCommand.class,
            TokenCommand.class,
            ClientConfigCommand.class,
            RotateSecretCommand.class,
            LogsCommand.class,
            DestroyCommand.class,
            ImageCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Success",
            "1:Internal error (a bug: please report it)",
            "2:Invalid arguments (unknown option, missing --env, unknown environment, bad JSON)",
            "3:No AWS credentials, credentials of another account, or no region",
            "4:Environment not deployed (stack missing)",
            "5:AWS call failed (permission, throttling, service error)",
            "6:Deployment failed (CDK or runtime CREATE_FAILED/UPDATE_FAILED)",
            "7:A required tool is missing (Node.js/npx, proxy jar)",
            "8:Smoke test of the deployed proxy (or of a promoted endpoint) failed",
            "9:destroy not confirmed",
            "10:MCP error from the proxy",
            "11:Image build or push failed",
            "12:Conflicts with a change in progress (a secret rotation begun and not finished)"
        })
public final class McpProxyCli implements Runnable {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    public McpProxyCli(CliContext context) {
        this.context = context;
    }

    public CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed; see `mcp-proxy --help`");
    }

    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
    public static int execute(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new McpProxyCli(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof CliException failure) {
                cmd.getErr().println("error: " + failure.getMessage());
                return failure.exitCode();
            }
            cmd.getErr().println("error: unexpected " + exception.getClass().getSimpleName() + ": "
                    + exception.getMessage() + " (this is a bug; please report it with the command you ran)");
            return ExitCode.INTERNAL;
        });
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("error: " + exception.getMessage());
            cmd.getErr().println("Run `" + cmd.getCommandSpec().qualifiedName() + " --help` for usage.");
            return ExitCode.USAGE;
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mcp-proxy " + BuildInfo.version() + " (AWS CDK toolkit " + BuildInfo.cdkToolkitVersion() + ")"};
        }
    }
}
