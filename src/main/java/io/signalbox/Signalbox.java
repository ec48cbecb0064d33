package io.signalbox;

import io.signalbox.config.Launcher;

/** Starts Signalbox: {@code java -jar signalbox.jar [--profile=local|aws|azure]}. */
public final class Signalbox {

    private Signalbox() {
    }

    public static void main(String[] args) throws Exception {
        Launcher.run(args);
    }
}
