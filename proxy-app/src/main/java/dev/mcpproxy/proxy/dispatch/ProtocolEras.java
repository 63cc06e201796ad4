package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The eras one endpoint serves; each request goes to the first era that claims it. */
public final class ProtocolEras {
    private final List<ProtocolEra> eras;
    /** Every era's versions, in order; asked on every request, so gathered once. */
    private final List<String> supportedVersions;
    private final Set<String> supported;

    public ProtocolEras(List<ProtocolEra> eras) {
        this.eras = List.copyOf(eras);
        List<String> versions = new ArrayList<>();
        this.eras.forEach(era -> versions.addAll(era.versions()));
        this.supportedVersions = List.copyOf(versions);
        this.supported = Set.copyOf(versions);
    }

    public Optional<ProtocolEra> select(String headerVersion, JsonNode body) {
        for (ProtocolEra era : eras) {
            if (era.claims(headerVersion, body)) {
                return Optional.of(era);
            }
        }
        return Optional.empty();
    }

    /** Whether a header version is known to any era (checked before the body is read). */
    public boolean supports(String headerVersion) {
        return supported.contains(headerVersion);
    }

    public List<String> supportedVersions() {
        return supportedVersions;
    }
}
