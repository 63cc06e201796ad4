package dev.mcpproxy.cli.identity;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.mcp.EnvironmentToken;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import dev.mcpproxy.contracts.StackOutputs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rotate-secret", mixinStandardHelpOptions = true,
        description = {"Rotates an app client's secret without downtime, in two steps.",
            "Cognito keeps up to two secrets of a client active:",
            "1. rotate-secret --env ENV [--client NAME] adds a second secret, checks it",
            "   at the token endpoint and stores it in the client's Secrets Manager",
            "   secret; the old secret stays valid for callers that still hold it.",
            "2. Once every caller has re-read the secret, the same with --finish deletes",
            "   every secret but the stored one, after checking the stored one works."})
public final class RotateSecretCommand extends AwsCommand {

    /** Attempts at the token endpoint with a new secret: Cognito may take a moment to accept it. */
    private static final int TOKEN_ATTEMPTS = 6;

    @Option(names = "--client", paramLabel = "NAME",
            description = "The app client (a name under cognito.clients in environment.yaml); default: operator.")
    String client;

    @Option(names = "--finish", description = "Delete the secrets other than the stored one (step 2).")
    boolean finish;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        String env = target.env();
        DeployedStack foundation = new StackReader(aws.cloudFormation(), aws.region().id()).require(StackNames.foundation(env), env);
        AppClient app = new AppClients(foundation, definition).client(Optional.ofNullable(client));
        ClientSecrets secrets = new ClientSecrets(aws.cognitoIdp(), foundation.output(StackOutputs.USER_POOL_ID), app.clientId());
        StoredCredentials stored = StoredCredentials.read(aws.secretsManager(), app.secretArn());
        Progress progress = new Progress(context().err());
        TokenCheck check = new TokenCheck(new EnvironmentToken(aws, foundation, DeployedProxy.HTTP), app,
                ScopeRequest.qualify(app, app.scopes().isEmpty() ? List.of() : List.of(app.scopes().get(0)), definition));
        String again = "mcp-proxy rotate-secret --env " + env + (client == null ? "" : " --client " + client);
        return finish ? finish(secrets, stored, app, check, progress) : begin(aws, secrets, stored, app, check, progress, again);
    }

    private int begin(AwsClients aws, ClientSecrets secrets, StoredCredentials stored, AppClient app, TokenCheck check,
            Progress progress, String again) {
        List<String> active = secrets.list();
        if (active.size() >= ClientSecrets.MAX_ACTIVE) {
            throw new CliException(ExitCode.CONFLICT, "app client " + app.name() + " already has " + active.size()
                    + " secrets, so a rotation was begun: finish it with `" + again + " --finish` (it deletes the secret"
                    + " Secrets Manager no longer holds), then rotate again");
        }
        progress.step("Adding a second secret to app client " + app.name() + " (" + app.clientId() + ")");
        ClientSecrets.Created created = secrets.add();
        try {
            progress.step("Checking the new secret at the token endpoint");
            check.accepts(created.value(), context().pollInterval(), progress);
            progress.step("Storing the new secret in " + app.secretArn());
            stored.withSecret(app.clientId(), created.id(), created.value()).write(aws.secretsManager());
        } catch (CliException failed) {
            secrets.delete(created.id());
            throw new CliException(failed.exitCode(), failed.getMessage() + " The new secret " + created.id()
                    + " was deleted again; the stored secret is unchanged.", failed);
        }
        context().out().println("App client " + app.name() + ": new secret " + created.id() + " is active and stored in "
                + app.secretArn() + ".");
        context().out().println("The previous secret (" + String.join(", ", active) + ") stays valid, so callers that hold it"
                + " keep working. Once every caller has re-read the secret, finish with: " + again + " --finish");
        return ExitCode.OK;
    }

    private int finish(ClientSecrets secrets, StoredCredentials stored, AppClient app, TokenCheck check, Progress progress) {
        List<String> active = secrets.list();
        if (stored.clientSecretId().isEmpty()) {
            if (active.size() < ClientSecrets.MAX_ACTIVE) {
                context().out().println("App client " + app.name() + " has one secret: no rotation to finish.");
                return ExitCode.OK;
            }
            throw new CliException(ExitCode.CONFLICT, "app client " + app.name() + " has two secrets, and " + app.secretArn()
                    + " does not say which one it holds (no clientSecretId: it was not written by rotate-secret)."
                    + " Delete the other one at Cognito (DeleteUserPoolClientSecret) yourself");
        }
        String keep = stored.clientSecretId().get();
        if (!active.contains(keep)) {
            throw new CliException(ExitCode.CONFLICT, "the stored secret " + keep + " of app client " + app.name()
                    + " is no longer active at Cognito (active: " + String.join(", ", active) + "); nothing was deleted."
                    + " Run rotate-secret without --finish to store a new one");
        }
        List<String> retired = active.stream().filter(id -> !id.equals(keep)).toList();
        if (retired.isEmpty()) {
            context().out().println("App client " + app.name() + " has only the stored secret " + keep + ": no rotation to finish.");
            return ExitCode.OK;
        }
        progress.step("Checking the stored secret at the token endpoint before deleting the other");
        check.accepts(stored.clientSecret(), context().pollInterval(), progress);
        for (String id : retired) {
            progress.step("Deleting secret " + id);
            secrets.delete(id);
        }
        context().out().println("App client " + app.name() + ": deleted " + String.join(", ", retired) + "; " + keep
                + " is its only secret.");
        return ExitCode.OK;
    }

    /** A secret works when the token endpoint grants a token with it: the least scope the client has. */
    private record TokenCheck(EnvironmentToken token, AppClient app, List<String> scopes) {

        void accepts(String secret, Duration pollInterval, Progress progress) {
            for (int attempt = 1; ; attempt++) {
                try {
                    token.accessToken(app, secret, scopes);
                    return;
                } catch (CliException refused) {
                    if (attempt == TOKEN_ATTEMPTS) {
                        throw refused;
                    }
                    progress.detail("not accepted yet (" + refused.getMessage() + "); trying again");
                    sleep(pollInterval);
                }
            }
        }

        private static void sleep(Duration interval) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.AWS_ERROR, "interrupted while checking the secret", e);
            }
        }
    }
}
