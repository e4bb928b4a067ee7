// A PostgreSQL outage under a running server: requests get 503 `unavailable` with Retry-After (never a 500),
// the SDK waits as told and succeeds once the database is back, and the pool recovers by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClisonixClient } from '../../../src/sdk';
import { newUser, startTestCloud, type TestCloud } from '../../helpers/cloud';
import { acquirePostgres, releasePostgres, type PostgresCluster } from '../../helpers/postgres';

let cluster: PostgresCluster;
let cloud: TestCloud;

beforeAll(async () => {
  cluster = await acquirePostgres();
  cloud = await startTestCloud('postgres');
});

afterAll(async () => {
  await cloud.close();
  await releasePostgres();
});

describe('a database outage', () => {
  it('is a 503 with Retry-After while it lasts, and nothing once it is over', async () => {
    const outage = cluster.outage;
    if (!outage)
      throw new Error('this test needs the local throwaway cluster, not CLISONIX_TEST_DATABASE_URL');
    const user = await newUser(cloud);
    const sdk = new ClisonixClient({ baseUrl: cloud.url, retry: { maxRetries: 2 } });
    await sdk.login(user.email, user.password);
    expect((await cloud.http('GET', '/health', { token: user.login.token })).status).toBe(200);

    await outage.stop();
    const during = [
      await cloud.http('GET', '/health', { token: user.login.token }),
      await cloud.http('GET', '/health', { apiKey: user.login.api_key }),
      await cloud.http('POST', '/auth/login', { json: { email: user.email, password: user.password } }),
      await cloud.http('POST', '/auth/refresh', { json: { refresh_token: user.login.refresh_token } }),
    ];
    for (const r of during) {
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ error: 'unavailable', message: 'The database is unavailable; retry shortly' });
      expect(r.headers.get('retry-after')).toBe('5');
    }

    // The SDK meets the 503, waits Retry-After (5 s) and gets through once the database is back.
    const started = Date.now();
    const pending = sdk.status();
    await new Promise((r) => setTimeout(r, 300));
    await outage.start();
    const status = await pending;
    expect(status.user.email).toBe(user.email);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);

    expect((await cloud.http('GET', '/health', { token: user.login.token })).status).toBe(200);
    const fiveHundreds = cloud.served.filter((line) => / 5\d\d$/.test(line));
    expect(fiveHundreds.length).toBeGreaterThanOrEqual(5);
    expect(fiveHundreds.every((line) => line.endsWith(' 503'))).toBe(true);
  });
});
