package dev.mcpproxy.cli.image;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * QEMU's user-mode emulator for arm64 ({@code qemu-aarch64-static} from Debian's
 * {@code qemu-user-static}, or {@code qemu-aarch64}): it runs the arm64 base image's own JVM on a
 * build machine of another architecture, without a Docker daemon or binfmt_misc, so that the
 * image AgentCore runs gets its AOT cache from exactly the JVM that will load it.
 */
final class Arm64Emulator {

    /** Where the build looks on {@code PATH}, in this order. */
    static final List<String> NAMES = List.of("qemu-aarch64-static", "qemu-aarch64");
    static final String INSTALL_HINT = "install qemu-user-static (Debian/Ubuntu: apt-get install qemu-user-static, which"
            + " provides qemu-aarch64-static) or name an emulator with --arm64-emulator or MCP_PROXY_ARM64_EMULATOR";

    private Arm64Emulator() {
    }

    /** The named emulator if there is one, else the first of {@link #NAMES} on {@code path}. */
    static Optional<Path> find(Optional<Path> named, String path) {
        if (named.isPresent()) {
            return named;
        }
        for (String name : NAMES) {
            for (String directory : (path == null ? "" : path).split(File.pathSeparator)) {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The prefix that runs an arm64 executable of the unpacked image: {@code -L} makes the
     * emulator take the dynamic loader and the libraries from the image, as the container would.
     */
    static List<String> command(Path emulator, Path root) {
        return List.of(emulator.toString(), "-L", root.toString());
    }
}
