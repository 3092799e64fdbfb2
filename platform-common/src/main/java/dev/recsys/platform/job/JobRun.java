package dev.recsys.platform.job;

/** What every job record has, whatever else its kind records (the API records implement it). */
public interface JobRun {

    long id();

    JobStatus status();
}
