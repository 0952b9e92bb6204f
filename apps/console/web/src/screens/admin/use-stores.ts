import { useQuery } from '@tanstack/react-query';
import { dataOrThrow } from '../../api/problems';
import { useApi, useStaff } from '../../console-context';

const PAGE = 100;

/**
 * Every store of the caller's program, a page at a time until the last. The store directory is
 * public and lists every program's stores unless asked for one program's.
 */
export function useStores() {
  const api = useApi();
  const { programId } = useStaff();
  return useQuery({
    queryKey: ['stores', programId],
    queryFn: async ({ signal }) => {
      const stores = [];
      let cursor: string | undefined;
      do {
        const page = dataOrThrow(
          await api.cards.GET('/v1/stores', {
            params: { query: { programId, limit: PAGE, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        stores.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return stores;
    },
    staleTime: 60_000,
  });
}
