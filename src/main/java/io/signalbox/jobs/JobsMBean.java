package io.signalbox.jobs;

/**
 * The jobs over JMX, as MBean {@code io.signalbox:type=admin,name=Jobs} (also through Jolokia at
 * {@code /observe/jolokia}): the same operation as {@code POST /admin/jobs/{job}/run}.
 */
public interface JobsMBean {

    /** The jobs an operator can run: the scheduled rules, enabled or not. */
    String[] getJobs();

    /**
     * Publishes the command event that runs {@code job} now and answers as the HTTP API does, in seed 000's
     * shape: {@code {"event_id": …, "statusCode": 200, "body": {"status": "success", …}}}, or
     * {@code {"statusCode": 404, "body": {"status": "error", "error": …}}} for an unknown job.
     */
    String runJob(String job);
}
