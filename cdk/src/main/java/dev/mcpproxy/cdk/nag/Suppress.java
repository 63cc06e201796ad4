package dev.mcpproxy.cdk.nag;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.IConstruct;

/** Records a cdk-nag suppression on one construct (and its children): the rule, what it applies to and why. */
public final class Suppress {
    private Suppress() {
    }

    public static void rule(IConstruct construct, String ruleId, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).build()), true);
    }

    /** Suppresses only the named findings, e.g. {@code Resource::*} or {@code Action::s3:*}, of one rule. */
    public static void findings(IConstruct construct, String ruleId, List<String> appliesTo, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).appliesTo(List.copyOf(appliesTo)).reason(reason).build()), true);
    }
}
