package dev.mcpproxy.proxy.governance.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What Cedar answered for one request, policy ids sorted.
 *
 * @param allowed the decision (Cedar's, before failed policies are taken into account)
 * @param reasons the policies that decided: permits when allowed, forbids when denied
 * @param errors  the policies that failed to evaluate
 */
record CedarAnswer(boolean allowed, List<String> reasons, List<String> errors) {
    private static final Logger LOG = LoggerFactory.getLogger(CedarAnswer.class);

    /** Fails closed: a policy that failed to evaluate denies, and is named as the reason. */
    PolicyDecision decision(McpAction action) {
        if (!errors.isEmpty()) {
            LOG.debug("Cedar policies {} failed to evaluate for a {} request", errors, action);
            return new PolicyDecision(false, errors);
        }
        return new PolicyDecision(allowed, reasons);
    }
}
