package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One call into Cedar, exactly as given. Requests are not validated against the schema:
 * arguments the schema does not declare must still reach the policies.
 */
final class CedarEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(CedarEvaluation.class);

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();

    /** Cedar's answer, or empty (logged) when it could not evaluate the request. */
    Optional<CedarAnswer> evaluate(PolicySet policies, EntityUID principal, McpAction action, EntityUID resource,
                                   Set<Entity> entities, Map<String, Value> context) {
        try {
            AuthorizationResponse response = engine.isAuthorized(new AuthorizationRequest(principal, action.uid,
                    resource, new Context(context)), policies, new Entities(entities));
            if (response.success.isEmpty()) {
                // Cedar's messages may quote request values (arguments): log only that it happened.
                LOG.warn("Cedar could not evaluate a {} request ({} errors); denied", action,
                        response.errors.map(List::size).orElse(0));
                return Optional.empty();
            }
            AuthorizationSuccessResponse success = response.success.get();
            List<String> errors = success.getErrors().stream()
                    .map(AuthorizationSuccessResponse.AuthorizationError::getPolicyId).sorted().toList();
            return Optional.of(new CedarAnswer(success.isAllowed(), success.getReason().stream().sorted().toList(), errors));
        } catch (AuthException e) {
            LOG.warn("Cedar evaluation failed for a {} request ({}); denied", action, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
