import { jobId } from '../../../src/queue/queues';

describe('job ids', () => {
  test('one delivery job per alert and route, whatever adds it: a retry re-adds the same job', () => {
    expect(jobId.deliver('a1b2', 'desk')).toBe(jobId.deliver('a1b2', 'desk'));
    expect(jobId.deliver('a1b2', 'desk')).not.toBe(jobId.deliver('a1b2', 'hook'));
    expect(jobId.deliver('a1b2', 'desk')).not.toBe(jobId.deliver('a1b3', 'desk'));
    expect(jobId.article('x')).toBe('article-x');
  });

  test('one replay job per configuration version, whichever worker asks', () => {
    expect(jobId.replay('0123456789ab')).toBe(jobId.replay('0123456789ab'));
    expect(jobId.replay('0123456789ab')).not.toBe(jobId.replay('ba9876543210'));
  });

  test('no id holds a colon, which BullMQ refuses', () => {
    for (const id of [
      jobId.deliver('a', 'b'),
      jobId.article('c'),
      jobId.pollFirst('s'),
      jobId.pollOnce('s', 1),
      jobId.pollScheduler('s'),
      jobId.digestScheduler('r'),
      jobId.replay('0123456789ab'),
    ])
      expect(id).not.toContain(':');
  });
});
