import type { CardIssuanceSchemas } from '@loyalty/api-client';
import { QueryView } from '../../ui/query-view';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dataOrThrow, fieldProblems, isForbidden, problemOf } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Notice, ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';
import { useStores } from './use-stores';

type CreatedKey = CardIssuanceSchemas['schemas']['CreatedPosApiKeyResponse'];

/** The tills' API keys: a new key's secret is shown here once, never again. */
export function PosKeysScreen() {
  const api = useApi();
  const { t, dateTime } = useFormats();
  const queryClient = useQueryClient();
  const stores = useStores();
  const keys = useQuery({
    queryKey: ['pos-api-keys'],
    queryFn: async ({ signal }) => dataOrThrow(await api.cards.GET('/v1/pos-api-keys', { signal })),
  });
  const revoke = useMutation({
    mutationFn: async (keyId: string) => {
      const answer = await api.cards.DELETE('/v1/pos-api-keys/{keyId}', {
        params: { path: { keyId } },
      });
      if (answer.error !== undefined) dataOrThrow(answer);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['pos-api-keys'] }),
  });
  const storeName = (storeId: string) =>
    stores.data?.find((store) => store.id === storeId)?.name ?? storeId;

  return (
    <section aria-labelledby="pos-keys-title">
      <h1 id="pos-keys-title">{t('posKeys.title')}</h1>
      {!isForbidden(keys.error) && <CreateKeyForm />}
      <section aria-labelledby="pos-keys-list" className="panel">
        <h2 id="pos-keys-list">{t('posKeys.list')}</h2>
        {revoke.isError && <ProblemNotice error={revoke.error} />}
        <QueryView
          query={keys}
          isEmpty={(data) => data.items.length === 0}
          empty={t('posKeys.none')}
        >
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('posKeys.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('posKeys.terminal')}</th>
                  <th scope="col">{t('posKeys.store')}</th>
                  <th scope="col">{t('posKeys.label')}</th>
                  <th scope="col">{t('posKeys.created')}</th>
                  <th scope="col">{t('posKeys.state')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((key) => (
                  <tr key={key.id}>
                    <td>{key.terminalCode}</td>
                    <td>{storeName(key.storeId)}</td>
                    <td>{key.label ?? ''}</td>
                    <td>{dateTime(key.createdAt)}</td>
                    <td>
                      {key.revokedAt ? (
                        <span className="badge badge--blocked">
                          {t('posKeys.revokedOn', { date: dateTime(String(key.revokedAt)) })}
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="button button--danger"
                          aria-label={t('posKeys.revokeOne', { terminal: key.terminalCode })}
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (
                              window.confirm(
                                t('posKeys.revokeConfirm', { terminal: key.terminalCode }),
                              )
                            )
                              revoke.mutate(key.id);
                          }}
                        >
                          {t('posKeys.revoke')}
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
    </section>
  );
}

function CreateKeyForm() {
  const api = useApi();
  const { t } = useFormats();
  const queryClient = useQueryClient();
  const stores = useStores();
  const idempotency = useIdempotencyKey();
  const [form, setForm] = useState({ storeId: '', terminalCode: '', label: '' });
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: async (values: typeof form) => {
      const body = {
        storeId: values.storeId,
        terminalCode: values.terminalCode.trim(),
        ...(values.label.trim() ? { label: values.label.trim() } : {}),
      };
      return dataOrThrow(
        await api.cards.POST('/v1/pos-api-keys', {
          params: { header: idempotency.header(body) },
          body,
        }),
      );
    },
    onSuccess: async (key) => {
      idempotency.renew();
      setCreated(key);
      setCopied(false);
      setForm({ storeId: form.storeId, terminalCode: '', label: '' });
      await queryClient.invalidateQueries({ queryKey: ['pos-api-keys'] });
    },
  });
  const problem = problemOf(create.error);
  const fields = fieldProblems(problem);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };

  return (
    <section aria-labelledby="pos-key-create" className="panel">
      <h2 id="pos-key-create">{t('posKeys.create')}</h2>
      {created?.apiKey && (
        <div className="secret" role="status">
          <p className="secret__title">
            {t('posKeys.secretOnce', { terminal: created.terminalCode })}
          </p>
          <p className="secret__value">
            <code data-testid="pos-api-key">{created.apiKey}</code>
            <button
              type="button"
              className="button"
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(created.apiKey ?? '')
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false));
              }}
            >
              {copied ? t('common.copied') : t('common.copy')}
            </button>
          </p>
        </div>
      )}
      {created && !created.apiKey && <Notice tone="warning">{t('posKeys.replayed')}</Notice>}
      <form className="form form--inline" onSubmit={submit} noValidate>
        <SelectField
          label={t('posKeys.store')}
          name="storeId"
          value={form.storeId}
          error={fields.storeId}
          options={[
            { value: '', label: t('enrol.chooseStore') },
            ...(stores.data ?? []).map((store) => ({
              value: store.id,
              label: `${store.name} (${store.code})`,
            })),
          ]}
          onChange={(event) => setForm({ ...form, storeId: event.target.value })}
        />
        <TextField
          label={t('posKeys.terminal')}
          name="terminalCode"
          autoComplete="off"
          value={form.terminalCode}
          error={fields.terminalCode}
          onChange={(event) => setForm({ ...form, terminalCode: event.target.value })}
        />
        <TextField
          label={t('posKeys.label')}
          name="label"
          autoComplete="off"
          value={form.label}
          error={fields.label}
          onChange={(event) => setForm({ ...form, label: event.target.value })}
        />
        {problem && <ProblemNotice problem={problem} />}
        {create.isError && !problem && <ProblemNotice error={create.error} />}
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('posKeys.create')}
        </button>
      </form>
    </section>
  );
}
