package io.signalbox.bus;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** EventBridge-style event ids (random UUIDs) without the lock contention of SecureRandom. */
final class EventIds {

    private EventIds() {
    }

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb).toString();
    }
}
