package dev.mcpproxy.cdk.environment;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Network mode of the runtime; VPC mode names the VPC, its subnets (each with the Availability Zone ID it lies in,
 * which AgentCore checks against the zones it supports) and the security groups by id (no lookups).
 */
public record NetworkSettings(NetworkMode mode, String vpcId, List<SubnetRef> subnets, List<String> securityGroupIds) {
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Pattern AZ_ID = Pattern.compile("([a-z]+[0-9]+)-az[0-9]+");
    /** AgentCore's VpcConfig takes 1 to 16 subnets and 1 to 16 security groups. */
    public static final int MAX_SUBNETS = 16;
    public static final int MAX_SECURITY_GROUPS = 16;
    /** How a region's words shorten in its Availability Zone IDs (eu-west-1 → euw1-az1, ap-southeast-2 → apse2-az1). */
    private static final Map<String, String> DIRECTIONS = Map.ofEntries(Map.entry("north", "n"), Map.entry("south", "s"),
            Map.entry("east", "e"), Map.entry("west", "w"), Map.entry("central", "c"), Map.entry("northeast", "ne"),
            Map.entry("northwest", "nw"), Map.entry("southeast", "se"), Map.entry("southwest", "sw"), Map.entry("gov", "g"));

    /** A subnet and the ID of the Availability Zone it lies in ({@code aws ec2 describe-subnets} shows both). */
    public record SubnetRef(String id, String availabilityZoneId) {
    }

    public NetworkSettings {
        mode = mode == null ? NetworkMode.PUBLIC : mode;
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }

    public static NetworkSettings defaults() {
        return new NetworkSettings(null, null, null, null);
    }

    public List<String> subnetIds() {
        return subnets.stream().map(SubnetRef::id).toList();
    }

    public void validate(String key, String region, EnvironmentProblems problems) {
        if (mode == NetworkMode.PUBLIC) {
            problems.check(vpcId == null && subnets.isEmpty() && securityGroupIds.isEmpty(), key,
                    "vpcId, subnets and securityGroupIds are only allowed with mode VPC");
            return;
        }
        problems.check(vpcId != null && VPC_ID.matcher(vpcId).matches(), key + ".vpcId",
                "must be a VPC id like vpc-0123456789abcdef0 when mode is VPC");
        String zonePrefix = zonePrefix(region);
        for (int i = 0; i < subnets.size(); i++) {
            SubnetRef subnet = subnets.get(i);
            problems.check(subnet.id() != null && SUBNET_ID.matcher(subnet.id()).matches(), key + ".subnets[" + i + "].id",
                    "must be a subnet id like subnet-0123456789abcdef0");
            var zone = subnet.availabilityZoneId() == null ? null : AZ_ID.matcher(subnet.availabilityZoneId());
            if (problems.check(zone != null && zone.matches(), key + ".subnets[" + i + "].availabilityZoneId",
                    "must be an Availability Zone ID like euw1-az1 (aws ec2 describe-subnets shows AvailabilityZoneId)")
                    && zonePrefix != null) {
                problems.check(zone.group(1).equals(zonePrefix), key + ".subnets[" + i + "].availabilityZoneId",
                        "'" + subnet.availabilityZoneId() + "' is not a zone of " + region + " (its zone IDs start with " + zonePrefix + "-)");
            }
        }
        problems.check(subnets.stream().map(SubnetRef::availabilityZoneId).filter(z -> z != null).distinct().count() >= 2,
                key + ".subnets", "must lie in at least two Availability Zones (AgentCore requires two supported zones)");
        problems.check(subnets.size() <= MAX_SUBNETS, key + ".subnets", "at most " + MAX_SUBNETS + " subnets");
        problems.check(subnets.stream().map(SubnetRef::id).distinct().count() == subnets.size(), key + ".subnets",
                "must not repeat a subnet");
        problems.check(!securityGroupIds.isEmpty(), key + ".securityGroupIds",
                "must list at least one security group when mode is VPC (none is created implicitly)");
        problems.check(securityGroupIds.size() <= MAX_SECURITY_GROUPS, key + ".securityGroupIds",
                "at most " + MAX_SECURITY_GROUPS + " security groups");
        for (int i = 0; i < securityGroupIds.size(); i++) {
            problems.check(SECURITY_GROUP_ID.matcher(securityGroupIds.get(i)).matches(), key + ".securityGroupIds[" + i + "]",
                    "must be a security group id like sg-0123456789abcdef0");
        }
    }

    /** {@code euw1} for eu-west-1, {@code usgw1} for us-gov-west-1; null when a word of the region is not known. */
    static String zonePrefix(String region) {
        if (region == null) {
            return null;
        }
        String[] words = region.split("-");
        if (words.length < 3) {
            return null;
        }
        StringBuilder prefix = new StringBuilder(words[0]);
        for (int i = 1; i < words.length - 1; i++) {
            String direction = DIRECTIONS.get(words[i]);
            if (direction == null) {
                return null;
            }
            prefix.append(direction);
        }
        return prefix.append(words[words.length - 1]).toString();
    }
}
