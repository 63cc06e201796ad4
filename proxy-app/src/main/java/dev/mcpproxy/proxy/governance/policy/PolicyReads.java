package dev.mcpproxy.proxy.governance.policy;

/**
 * What a set of policies can observe of a request beyond the UIDs and ancestors of principal,
 * action and resource: attribute paths of the principal, the resource and the context, and
 * whether principal or resource tags are read. {@code everything}: a condition reads the request
 * in a way {@link ConditionReads} does not follow, so the request must be sent unpruned.
 */
final class PolicyReads {
    final AttributePaths principal = new AttributePaths();
    final AttributePaths resource = new AttributePaths();
    final AttributePaths context = new AttributePaths();
    boolean principalTags;
    boolean resourceTags;
    boolean everything;

    void addAll(PolicyReads other) {
        principal.addAll(other.principal);
        resource.addAll(other.resource);
        context.addAll(other.context);
        principalTags |= other.principalTags;
        resourceTags |= other.resourceTags;
        everything |= other.everything;
    }
}
