package dev.mcpproxy.cli.aws;

import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Confirms the credentials work before anything else is attempted, and names the account. */
public final class AccountCheck {

    private AccountCheck() {}

    /** @return the account id the credentials belong to */
    public static String account(AwsClients aws) {
        GetCallerIdentityResponse identity = AwsFailures.call("checking AWS credentials (sts:GetCallerIdentity)",
                () -> aws.sts().getCallerIdentity());
        return identity.account();
    }
}
