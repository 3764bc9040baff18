/**
 * A GET with a Host header of the test's choosing: fetch always sends the URL's own host, so
 * it cannot play a page whose DNS name was rebound to 127.0.0.1.
 */
import { request } from 'node:http';

export function getWithHost(
  url: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...headers, Host: host } }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => (body += b.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
