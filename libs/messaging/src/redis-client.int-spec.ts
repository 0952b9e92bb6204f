import { loadLoyaltyConfig } from '@loyalty/config';
import { RedisClient } from './redis-client';

describe('RedisClient', () => {
  it('lets every caller that arrives during the first connect wait for it', async () => {
    const client = new RedisClient(loadLoyaltyConfig());
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, async () => (await client.connected()).ping()),
      );
      expect(answers).toEqual(['PONG', 'PONG', 'PONG', 'PONG', 'PONG']);
    } finally {
      await client.onApplicationShutdown();
    }
  });
});
