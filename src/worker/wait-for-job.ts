import type { Queue } from 'bullmq';

export type JobEnd<R> = { state: 'completed'; value: R } | { state: 'failed'; reason: string } | { state: 'retrying'; reason: string } | { state: 'missing' };

/** Waits for a job to finish its first attempt (a retry scheduled for later counts as an end here). */
export async function waitForJob<R>(queue: Queue, id: string, timeoutMs: number): Promise<JobEnd<R>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(id);
    if (state === 'unknown') return { state: 'missing' };
    if (state === 'completed' || state === 'failed' || state === 'delayed') {
      // Read the job after its state: fetched before, it could predate the result.
      const job = await queue.getJob(id);
      if (!job) return { state: 'missing' };
      if (state === 'completed') return { state: 'completed', value: job.returnvalue as R };
      if (state === 'failed') return { state: 'failed', reason: job.failedReason };
      if (job.attemptsMade > 0) return { state: 'retrying', reason: job.failedReason };
    }
    if (Date.now() > deadline) return { state: 'retrying', reason: 'still running when `once` stopped waiting' };
    await new Promise((r) => setTimeout(r, 100));
  }
}
