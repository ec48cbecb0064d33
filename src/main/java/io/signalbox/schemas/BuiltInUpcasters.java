package io.signalbox.schemas;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The upcasters Signalbox ships (config/schemas holds the schema versions they connect). */
public final class BuiltInUpcasters {

    private BuiltInUpcasters() {
    }

    public static List<Upcaster> all() {
        return List.of(WORKFLOW_STARTED_V1);
    }

    /**
     * {@code WorkflowStarted} v1 named the workflow in {@code workflow_type}; v2 calls it {@code workflow_name}
     * and requires {@code requested_at} (v1 events get the event-less default "unknown").
     */
    static final Upcaster WORKFLOW_STARTED_V1 = new Upcaster() {
        @Override
        public String detailType() {
            return "WorkflowStarted";
        }

        @Override
        public int from() {
            return 1;
        }

        @Override
        public ObjectNode upcast(ObjectNode detail) {
            JsonNode type = detail.remove("workflow_type");
            if (type != null && !detail.has("workflow_name")) {
                detail.set("workflow_name", type);
            }
            if (!detail.has("requested_at")) {
                detail.put("requested_at", "unknown");
            }
            return detail;
        }
    };
}
