package io.encodingfarm.dispatcher.sweep;

/** A sweep file is wrong; the message names the file, line and key, and what is allowed. */
public final class SweepFileException extends RuntimeException {
    public SweepFileException(String source, int line, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
