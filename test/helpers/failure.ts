import { FetchError } from '../../src/sources/fetch-error';

/** The FetchError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw new Error(`expected a FetchError, got ${String(err)}`);
  }
  throw new Error('expected a failure');
}
