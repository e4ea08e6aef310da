/** Nothing answers where Redis should be: the message says where it looked and what to do. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}
