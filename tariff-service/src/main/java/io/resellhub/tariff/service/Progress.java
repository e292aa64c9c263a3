package io.resellhub.tariff.service;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The counters and reported problems of a running job, saved with every batch. */
final class Progress {

    static final int MAX_ERRORS = 200;

    int total;
    int processed;
    int created;
    int updated;
    int unchanged;
    int removed;
    int failed;
    int moreErrors;
    final List<JobError> errors = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobError(String upstreamId, String tariffId, String message) {
    }

    void report(String upstreamId, String tariffId, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new JobError(upstreamId, tariffId, message));
        } else {
            moreErrors++;
        }
    }

    /** The errors as stored, with a closing note when there were more than fit. */
    List<JobError> errorsToStore() {
        if (moreErrors == 0) {
            return errors;
        }
        List<JobError> all = new ArrayList<>(errors);
        all.add(new JobError(null, null, "... and " + moreErrors + " more"));
        return all;
    }
}
