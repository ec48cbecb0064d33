package io.signalbox.config;

import java.util.Locale;

/** Where Signalbox runs: against its embedded stand-ins, against AWS, or against Azure. */
public enum Profile {
    LOCAL, AWS, AZURE;

    /** The name used in property file names and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Profile of(String value) {
        if (value == null || value.isBlank()) {
            return LOCAL;
        }
        for (Profile p : values()) {
            if (p.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "Unknown profile '" + value + "': expected one of local, aws, azure");
    }
}
