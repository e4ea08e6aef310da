import net from 'node:net';

export { freePort } from '../../src/util/free-port';

/** Whether something accepts connections on 127.0.0.1:port right now. */
export function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
