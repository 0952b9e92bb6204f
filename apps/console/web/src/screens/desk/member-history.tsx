import type { LedgerSchemas } from '@loyalty/api-client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';

type Kind = LedgerSchemas['schemas']['HistoryItemResponse']['kind'];

/** The kinds a clerk filters by, in the order they come up at the desk. */
export const HISTORY_KINDS: readonly Kind[] = [
  'purchase_earn',
  'refund',
  'redemption',
  'adjustment',
  'transfer',
  'reward',
  'expiry',
  'reversal',
  'voucher_claim',
  'voucher_redemption',
  'hold',
  'hold_capture',
  'hold_release',
  'merge',
  'import',
  'forfeiture',
  'voucher_reinstatement',
  'voucher_return',
  'voucher_expiry',
];

const PAGE_SIZE = 20;

/** Local midnight of a yyyy-mm-dd date typed in a date field, as an instant. */
const startOfDay = (day: string): string | undefined =>
  day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
const endOfDay = (day: string): string | undefined =>
  day ? new Date(new Date(`${day}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined;

/** The member's points history, newest first, a page at a time, by kind and dates. */
export function MemberHistory({ memberId }: { memberId: string }) {
  const api = useApi();
  const { t, number, dateTime } = useFormats();
  const [kind, setKind] = useState<Kind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const history = useInfiniteQuery({
    queryKey: ['member', memberId, 'history', kind, from, to],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await api.ledger.GET('/v1/members/{memberId}/transactions', {
          params: {
            path: { memberId },
            query: {
              limit: PAGE_SIZE,
              ...(pageParam ? { cursor: pageParam } : {}),
              ...(kind ? { kind: [kind] } : {}),
              ...(from ? { from: startOfDay(from) } : {}),
              ...(to ? { to: endOfDay(to) } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="history-title" className="panel">
      <h2 id="history-title">{t('history.title')}</h2>
      <div className="filters">
        <SelectField
          label={t('history.kind')}
          value={kind}
          options={[
            { value: '', label: t('history.allKinds') },
            ...HISTORY_KINDS.map((value) => ({ value, label: t(`kind.${value}`) })),
          ]}
          onChange={(event) => setKind(event.target.value as Kind | '')}
        />
        <TextField
          label={t('history.from')}
          type="date"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
        />
        <TextField
          label={t('history.to')}
          type="date"
          value={to}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      {history.isError && <ProblemNotice error={history.error} />}
      {history.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('history.empty')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('history.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.kind')}</th>
              <th scope="col" className="numeric">
                {t('history.points')}
              </th>
              <th scope="col">{t('history.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.transactionId}>
                <td>{dateTime(item.occurredAt)}</td>
                <td>
                  {t(`kind.${item.kind}`)}
                  {item.reversedByTransactionId && (
                    <span className="badge badge--muted">{t('history.reversed')}</span>
                  )}
                </td>
                <td className={item.points < 0 ? 'numeric negative' : 'numeric'}>
                  {item.points > 0 ? '+' : ''}
                  {number(item.points)}
                </td>
                <td>{item.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {history.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
        >
          {history.isFetchingNextPage ? t('common.loading') : t('history.more')}
        </button>
      )}
    </section>
  );
}
