package io.signalbox.bus;

/** What the bus reports about each entry, for metrics. */
public interface BusListener {

    void accepted(String bus, String source, String detailType);

    void rejected(String source, String detailType, String errorCode);

    void unmatched(String bus, String source, String detailType);

    BusListener NONE = new BusListener() {
        @Override
        public void accepted(String bus, String source, String detailType) {
        }

        @Override
        public void rejected(String source, String detailType, String errorCode) {
        }

        @Override
        public void unmatched(String bus, String source, String detailType) {
        }
    };
}
