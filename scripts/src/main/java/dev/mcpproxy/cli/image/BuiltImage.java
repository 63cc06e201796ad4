package dev.mcpproxy.cli.image;

/**
 * @param reference the reference the image was written to
 * @param digest the digest of the manifest (or of the image index, for several platforms)
 */
public record BuiltImage(String reference, String digest) {

    /** The reference pinned to the digest, e.g. {@code repo@sha256:...}. */
    public String pinnedReference() {
        String repository = reference;
        int lastSlash = repository.lastIndexOf('/');
        int tagColon = repository.indexOf(':', lastSlash + 1);
        if (tagColon >= 0) {
            repository = repository.substring(0, tagColon);
        }
        return repository + "@" + digest;
    }
}
