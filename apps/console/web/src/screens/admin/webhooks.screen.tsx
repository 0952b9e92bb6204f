import type { LedgerSchemas } from '@loyalty/api-client';
import { QueryView } from '../../ui/query-view';
import { LEDGER_EVENT_TYPES } from '@loyalty/domain/ledger-events';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dataOrThrow, fieldProblems, isForbidden, problemOf } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { TextField } from '../../ui/fields';

type EventType = LedgerSchemas['schemas']['WebhookRequest']['eventTypes'][number];
const EVENT_TYPES: readonly EventType[] = LEDGER_EVENT_TYPES;

/** The program's webhook endpoints: register one (its signing secret shown once), stop one, and read its deliveries. */
export function WebhooksScreen() {
  const api = useApi();
  const { t, dateTime } = useFormats();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<EventType[]>(['tier.changed', 'points.rewarded']);
  const [opened, setOpened] = useState<string | null>(null);
  const endpoints = useQuery({
    queryKey: ['webhooks'],
    queryFn: async ({ signal }) => dataOrThrow(await api.ledger.GET('/v1/webhooks', { signal })),
  });
  const deliveries = useQuery({
    queryKey: ['webhooks', opened, 'deliveries'],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.ledger.GET('/v1/webhooks/{webhookId}/deliveries', {
          params: { path: { webhookId: opened! } },
          signal,
        }),
      ),
    enabled: opened !== null,
  });
  const create = useMutation({
    mutationFn: async (body: { url: string; eventTypes: EventType[] }) =>
      dataOrThrow(await api.ledger.POST('/v1/webhooks', { body })),
    onSuccess: async () => {
      setUrl('');
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const remove = useMutation({
    mutationFn: async (webhookId: string) => {
      const answer = await api.ledger.DELETE('/v1/webhooks/{webhookId}', {
        params: { path: { webhookId } },
      });
      if (answer.error !== undefined) dataOrThrow(answer);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const fields = fieldProblems(problemOf(create.error));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ url: url.trim(), eventTypes: events });
  };

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t('webhooks.title')}</h1>
      {!isForbidden(endpoints.error) && (
        <section aria-labelledby="webhook-create" className="panel">
          <h2 id="webhook-create">{t('webhooks.create')}</h2>
          {create.data && (
            <div className="secret" role="status">
              <p className="secret__title">{t('webhooks.secretOnce')}</p>
              <p className="secret__value">
                <code>{create.data.secret}</code>
                <button
                  type="button"
                  className="button"
                  onClick={() => void navigator.clipboard?.writeText(create.data.secret)}
                >
                  {t('common.copy')}
                </button>
              </p>
            </div>
          )}
          <form className="form form--wide" onSubmit={submit} noValidate>
            <TextField
              label={t('webhooks.url')}
              type="url"
              value={url}
              error={fields.url}
              placeholder="https://"
              onChange={(event) => setUrl(event.target.value)}
            />
            <fieldset>
              <legend>{t('webhooks.events')}</legend>
              <div className="checks">
                {EVENT_TYPES.map((type) => (
                  <label key={type} className="check">
                    <input
                      type="checkbox"
                      checked={events.includes(type)}
                      onChange={(event) =>
                        setEvents(
                          event.target.checked
                            ? [...events, type]
                            : events.filter((chosen) => chosen !== type),
                        )
                      }
                    />
                    <code>{type}</code>
                  </label>
                ))}
              </div>
              {fields.eventTypes && (
                <p className="field__error" role="alert">
                  {fields.eventTypes}
                </p>
              )}
            </fieldset>
            {create.isError && <ProblemNotice error={create.error} />}
            <button type="submit" className="button button--primary" disabled={create.isPending}>
              {t('webhooks.create')}
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="webhook-list" className="panel">
        <h2 id="webhook-list">{t('webhooks.list')}</h2>
        {remove.isError && <ProblemNotice error={remove.error} />}
        <QueryView
          query={endpoints}
          isEmpty={(data) => data.items.length === 0}
          empty={t('webhooks.none')}
        >
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('webhooks.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.url')}</th>
                  <th scope="col">{t('webhooks.events')}</th>
                  <th scope="col">{t('posKeys.created')}</th>
                  <th scope="col">{t('posKeys.state')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((endpoint) => (
                  <tr key={endpoint.id}>
                    <td>{endpoint.url}</td>
                    <td>{endpoint.eventTypes.join(', ')}</td>
                    <td>{dateTime(endpoint.createdAt)}</td>
                    <td className="button-row">
                      <button
                        type="button"
                        className="button"
                        onClick={() => setOpened(endpoint.id)}
                      >
                        {t('webhooks.deliveries')}
                      </button>
                      {!endpoint.disabledAt && (
                        <button
                          type="button"
                          className="button button--danger"
                          aria-label={t('webhooks.stopOne', { url: endpoint.url })}
                          onClick={() => remove.mutate(endpoint.id)}
                        >
                          {t('webhooks.stop')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </section>
      {opened && (
        <section aria-labelledby="deliveries-title" className="panel">
          <h2 id="deliveries-title">{t('webhooks.deliveries')}</h2>
          <QueryView
            query={deliveries}
            isEmpty={(data) => data.items.length === 0}
            empty={t('webhooks.noDeliveries')}
          >
            {(data) => (
              <table className="table table--compact">
                <caption className="visually-hidden">{t('webhooks.deliveries')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('history.when')}</th>
                    <th scope="col">{t('webhooks.event')}</th>
                    <th scope="col">{t('webhooks.attempt')}</th>
                    <th scope="col">{t('webhooks.answer')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((delivery) => (
                    <tr key={`${delivery.outboxId}-${delivery.attempt}`}>
                      <td>{dateTime(delivery.attemptedAt)}</td>
                      <td>{delivery.eventType}</td>
                      <td className="numeric">{delivery.attempt}</td>
                      <td>
                        {delivery.succeeded ? '✓ ' : '✗ '}
                        {delivery.statusCode ?? delivery.error ?? ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </QueryView>
        </section>
      )}
    </section>
  );
}
