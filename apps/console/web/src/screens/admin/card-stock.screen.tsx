import { QueryView } from '../../ui/query-view';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dataOrThrow, fieldProblems, isForbidden, problemOf } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { TextField } from '../../ui/fields';
import { downloadCsv } from '../../ui/csv';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';

/** Pre-printed card stock: a batch of numbers for the printer, and what is left of each. */
export function CardStockScreen() {
  const api = useApi();
  const { t, number, dateTime } = useFormats();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [form, setForm] = useState({ label: '', quantity: '100' });
  const batches = useQuery({
    queryKey: ['card-batches'],
    queryFn: async ({ signal }) => dataOrThrow(await api.cards.GET('/v1/card-batches', { signal })),
  });
  const create = useMutation({
    mutationFn: async (values: typeof form) => {
      const body = { label: values.label.trim(), quantity: Number(values.quantity) };
      return dataOrThrow(
        await api.cards.POST('/v1/card-batches', {
          params: { header: idempotency.header(body) },
          body,
        }),
      );
    },
    onSuccess: async () => {
      idempotency.renew();
      setForm({ label: '', quantity: '100' });
      await queryClient.invalidateQueries({ queryKey: ['card-batches'] });
    },
  });
  const download = useMutation({
    mutationFn: async ({ batchId, label }: { batchId: string; label: string }) => {
      const numbers = dataOrThrow(
        await api.cards.GET('/v1/card-batches/{batchId}/cards', { params: { path: { batchId } } }),
      );
      downloadCsv(
        `card-batch-${label.replaceAll(/[^\w-]+/g, '-')}.csv`,
        ['number', 'status'],
        numbers.cards.map((card) => [card.number, card.status]),
      );
    },
  });
  const problem = problemOf(create.error);
  const fields = fieldProblems(problem);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };

  return (
    <section aria-labelledby="stock-title">
      <h1 id="stock-title">{t('stock.title')}</h1>
      {!isForbidden(batches.error) && (
        <section aria-labelledby="stock-create" className="panel">
          <h2 id="stock-create">{t('stock.create')}</h2>
          <form className="form form--inline" onSubmit={submit} noValidate>
            <TextField
              label={t('stock.label')}
              name="label"
              autoComplete="off"
              value={form.label}
              error={fields.label}
              onChange={(event) => setForm({ ...form, label: event.target.value })}
            />
            <TextField
              label={t('stock.quantity')}
              name="quantity"
              type="number"
              min={1}
              max={10000}
              value={form.quantity}
              error={fields.quantity}
              onChange={(event) => setForm({ ...form, quantity: event.target.value })}
            />
            {problem && <ProblemNotice problem={problem} />}
            {create.isError && !problem && <ProblemNotice error={create.error} />}
            <button type="submit" className="button button--primary" disabled={create.isPending}>
              {t('stock.create')}
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="stock-list" className="panel">
        <h2 id="stock-list">{t('stock.list')}</h2>
        {download.isError && <ProblemNotice error={download.error} />}
        <QueryView
          query={batches}
          isEmpty={(data) => data.items.length === 0}
          empty={t('stock.none')}
        >
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('stock.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stock.label')}</th>
                  <th scope="col" className="numeric">
                    {t('stock.quantity')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('stock.inStock')}
                  </th>
                  <th scope="col">{t('posKeys.created')}</th>
                  <th scope="col">{t('stock.numbers')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((batch) => (
                  <tr key={batch.id}>
                    <td>{batch.label}</td>
                    <td className="numeric">{number(batch.quantity)}</td>
                    <td className="numeric">{number(batch.inStock)}</td>
                    <td>{dateTime(batch.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        aria-label={t('stock.downloadOne', { label: batch.label })}
                        onClick={() => download.mutate({ batchId: batch.id, label: batch.label })}
                      >
                        {t('common.downloadCsv')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </section>
    </section>
  );
}
