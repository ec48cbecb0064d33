package io.signalbox.bus;

import java.util.List;

/**
 * Where the bus hands every event it accepted (answered with an event id, whether or not a rule matched it),
 * once per PutEvents call: the archive listens here. Called on the thread that answers the call, so an
 * implementation must not block; events put back by a replay ({@link EventBus#redeliver}) never arrive here.
 */
public interface AcceptedEvents {

    /** {@code entries} are accepted entries of one call, each with its bus and its event; never empty. */
    void accepted(List<PutEventsRequest.Entry> entries);

    AcceptedEvents NONE = entries -> {
    };
}
