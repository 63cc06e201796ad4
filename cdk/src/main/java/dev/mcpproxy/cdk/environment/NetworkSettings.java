package dev.mcpproxy.cdk.environment;

import java.util.List;
import java.util.regex.Pattern;

/** Network mode of the runtime; VPC mode names the VPC, its subnets and the security groups by id (no lookups). */
public record NetworkSettings(NetworkMode mode, String vpcId, List<String> subnetIds, List<String> securityGroupIds) {
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");

    public NetworkSettings {
        mode = mode == null ? NetworkMode.PUBLIC : mode;
        subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }

    public static NetworkSettings defaults() {
        return new NetworkSettings(null, null, null, null);
    }

    public void validate(String key, EnvironmentProblems problems) {
        if (mode == NetworkMode.PUBLIC) {
            problems.check(vpcId == null && subnetIds.isEmpty() && securityGroupIds.isEmpty(), key,
                    "vpcId, subnetIds and securityGroupIds are only allowed with mode VPC");
            return;
        }
        problems.check(vpcId != null && VPC_ID.matcher(vpcId).matches(), key + ".vpcId",
                "must be a VPC id like vpc-0123456789abcdef0 when mode is VPC");
        problems.check(!subnetIds.isEmpty(), key + ".subnetIds", "must list at least one subnet when mode is VPC");
        for (int i = 0; i < subnetIds.size(); i++) {
            problems.check(SUBNET_ID.matcher(subnetIds.get(i)).matches(), key + ".subnetIds[" + i + "]",
                    "must be a subnet id like subnet-0123456789abcdef0");
        }
        problems.check(!securityGroupIds.isEmpty(), key + ".securityGroupIds",
                "must list at least one security group when mode is VPC (none is created implicitly)");
        for (int i = 0; i < securityGroupIds.size(); i++) {
            problems.check(SECURITY_GROUP_ID.matcher(securityGroupIds.get(i)).matches(), key + ".securityGroupIds[" + i + "]",
                    "must be a security group id like sg-0123456789abcdef0");
        }
    }
}
