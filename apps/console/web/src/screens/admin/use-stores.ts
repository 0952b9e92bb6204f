import { useQuery } from '@tanstack/react-query';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';

const PAGE = 100;

/** Every store of the program (the store directory, a page at a time until the last). */
export function useStores() {
  const api = useApi();
  return useQuery({
    queryKey: ['stores', 'all'],
    queryFn: async ({ signal }) => {
      const stores = [];
      let cursor: string | undefined;
      do {
        const page = dataOrThrow(
          await api.cards.GET('/v1/stores', {
            params: { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
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
