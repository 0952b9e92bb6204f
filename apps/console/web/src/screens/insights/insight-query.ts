import { useQuery } from '@tanstack/react-query';

export type Period = 'week' | 'month' | 'quarter';

/** One insight of the ledger, fetched for the dashboard (errors shown in its panel). */
export function useInsight<T>(key: readonly unknown[], fetcher: () => Promise<T>) {
  return useQuery({ queryKey: ['insights', ...key], queryFn: fetcher, staleTime: 60_000 });
}
