-- Jobs that must run once per interval however many replicas run them: a replica runs the job only
-- when it moves last_run_at forward by at least the interval (ScheduledRuns), in one statement.
CREATE TABLE scheduled_run (
    job         varchar(100) PRIMARY KEY,
    last_run_at timestamptz  NOT NULL,
    run_by      varchar(200) NOT NULL
);
