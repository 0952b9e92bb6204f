import { QueryView } from '../../ui/query-view';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { may, StaffPermission } from '../../access/permissions';
import { useApi, useProgram, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { TextField } from '../../ui/fields';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';
import { useStores } from './use-stores';

/** The program's stores, and opening a new one. */
export function StoresScreen() {
  const api = useApi();
  const program = useProgram();
  const staff = useStaff();
  const { t, date } = useFormats();
  const queryClient = useQueryClient();
  const stores = useStores();
  const idempotency = useIdempotencyKey();
  const [form, setForm] = useState({ code: '', name: '', timezone: program.timeZone });
  const create = useMutation({
    mutationFn: async (values: typeof form) => {
      const body = {
        code: values.code.trim(),
        name: values.name.trim(),
        timezone: values.timezone.trim(),
      };
      return dataOrThrow(
        await api.cards.POST('/v1/stores', { params: { header: idempotency.header(body) }, body }),
      );
    },
    onSuccess: async () => {
      idempotency.renew();
      setForm({ code: '', name: '', timezone: program.timeZone });
      await queryClient.invalidateQueries({ queryKey: ['stores'] });
    },
  });
  const problem = problemOf(create.error);
  const fields = fieldProblems(problem);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };

  return (
    <section aria-labelledby="stores-title">
      <h1 id="stores-title">{t('stores.title')}</h1>
      {may(staff, StaffPermission.ManageStores) && (
        <section aria-labelledby="store-create" className="panel">
          <h2 id="store-create">{t('stores.create')}</h2>
          <form className="form form--inline" onSubmit={submit} noValidate>
            <TextField
              label={t('stores.code')}
              name="code"
              autoComplete="off"
              value={form.code}
              error={fields.code}
              onChange={(event) => setForm({ ...form, code: event.target.value })}
            />
            <TextField
              label={t('stores.name')}
              name="name"
              autoComplete="off"
              value={form.name}
              error={fields.name}
              onChange={(event) => setForm({ ...form, name: event.target.value })}
            />
            <TextField
              label={t('stores.timezone')}
              name="timezone"
              autoComplete="off"
              value={form.timezone}
              error={fields.timezone}
              onChange={(event) => setForm({ ...form, timezone: event.target.value })}
            />
            {problem && <ProblemNotice problem={problem} />}
            {create.isError && !problem && <ProblemNotice error={create.error} />}
            <button type="submit" className="button button--primary" disabled={create.isPending}>
              {t('stores.create')}
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="stores-list" className="panel">
        <h2 id="stores-list">{t('stores.list')}</h2>
        <QueryView query={stores}>
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('stores.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stores.code')}</th>
                  <th scope="col">{t('stores.name')}</th>
                  <th scope="col">{t('stores.timezone')}</th>
                  <th scope="col">{t('stores.opened')}</th>
                </tr>
              </thead>
              <tbody>
                {data.map((store) => (
                  <tr key={store.id}>
                    <td>{store.code}</td>
                    <td>{store.name}</td>
                    <td>{store.timezone}</td>
                    <td>{date(store.createdAt)}</td>
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
