package dev.mcpproxy.cli.image;

/** The image could not be built or written; the message is fit to show to the user. */
public final class ImageBuildException extends Exception {
    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
