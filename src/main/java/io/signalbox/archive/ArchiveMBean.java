package io.signalbox.archive;

/**
 * The archive replay over JMX (MBean {@code io.signalbox:type=admin,name=Archive}; jconsole, or Jolokia at
 * {@code /observe/jolokia}): the same as {@code POST /admin/archive/replay}, answering the same JSON. Bad input
 * fails with an {@link IllegalArgumentException}, a failure in DynamoDB or SQS with an
 * {@link IllegalStateException}; the message says what is wrong.
 */
public interface ArchiveMBean {

    /**
     * Replays the archived events of {@code bus} whose time is in {@code [from, to)} (ISO-8601) as the replay
     * {@code name} (empty: generated); answers {@code {"replay_name", "events_replayed", "from", "to", "bus"}}.
     */
    String replay(String bus, String from, String to, String name);
}
