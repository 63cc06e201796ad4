package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates one Cedar request against the loaded policy set. Fails closed: a policy that cannot be
 * evaluated for a request (for example an argument of an unexpected type) denies it.
 */
final class CedarAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(CedarAuthorizer.class);

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;

    /**
     * The policy set stays parsed on the native side. Requests are not validated against the
     * schema: arguments the schema does not declare must still reach the policies.
     */
    CedarAuthorizer(PolicySet policies) {
        this.policies = policies;
        try {
            policies.cache();
        } catch (CacheException e) {
            throw new IllegalStateException("Cedar could not keep the policies ready: " + e.getMessage(), e);
        }
    }

    PolicyDecision decide(Entity principal, Set<Entity> principalGroups, McpAction action, Entity resource,
                          Set<Entity> resourceParents, Map<String, Value> context) {
        Set<Entity> entities = new HashSet<>(action.entities);
        entities.add(principal);
        entities.addAll(principalGroups);
        entities.add(resource);
        entities.addAll(resourceParents);
        try {
            AuthorizationResponse response = engine.isAuthorized(new AuthorizationRequest(principal.getEUID(),
                    action.uid, resource.getEUID(), new Context(context)), policies, new Entities(entities));
            if (response.success.isEmpty()) {
                // Cedar's messages may quote request values (arguments): log only that it happened.
                LOG.warn("Cedar could not evaluate a {} request ({} errors); denied", action,
                        response.errors.map(List::size).orElse(0));
                return new PolicyDecision(false, List.of());
            }
            AuthorizationSuccessResponse success = response.success.get();
            List<String> failed = success.getErrors().stream()
                    .map(AuthorizationSuccessResponse.AuthorizationError::getPolicyId).toList();
            if (!failed.isEmpty()) {
                LOG.debug("Cedar policies {} failed to evaluate for a {} request", failed, action);
                return new PolicyDecision(false, failed.stream().sorted().toList());
            }
            return new PolicyDecision(success.isAllowed(), success.getReason().stream().sorted().toList());
        } catch (AuthException e) {
            LOG.warn("Cedar evaluation failed for a {} request ({}); denied", action, e.getClass().getSimpleName());
            return new PolicyDecision(false, List.of());
        }
    }
}
