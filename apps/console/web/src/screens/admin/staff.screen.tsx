import type { CardIssuanceSchemas } from '@loyalty/api-client';
import { QueryView } from '../../ui/query-view';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dataOrThrow, fieldProblems, isForbidden, problemOf } from '../../api/problems';
import { useApi, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';
import { useStores } from './use-stores';

type Role = CardIssuanceSchemas['schemas']['StaffResponse']['role'];
const ROLES: readonly Role[] = ['clerk', 'manager', 'admin', 'marketing'];
const STORE_ROLES: readonly Role[] = ['clerk', 'manager'];

/** Staff accounts and their roles: create, change role or store, disable. */
export function StaffScreen() {
  const api = useApi();
  const me = useStaff();
  const { t } = useFormats();
  const queryClient = useQueryClient();
  const stores = useStores();
  const staff = useQuery({
    queryKey: ['staff'],
    queryFn: async ({ signal }) => dataOrThrow(await api.cards.GET('/v1/staff', { signal })),
  });
  const update = useMutation({
    mutationFn: async ({
      staffId,
      body,
    }: {
      staffId: string;
      body: CardIssuanceSchemas['schemas']['UpdateStaffRequest'];
    }) =>
      dataOrThrow(
        await api.cards.PATCH('/v1/staff/{staffId}', {
          params: { path: { staffId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body,
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['staff'] }),
  });
  const storeName = (storeId: string | null) =>
    storeId ? (stores.data?.find((store) => store.id === storeId)?.name ?? '') : '—';

  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">{t('staff.title')}</h1>
      {!isForbidden(staff.error) && <CreateStaffForm />}
      <section aria-labelledby="staff-list" className="panel">
        <h2 id="staff-list">{t('staff.list')}</h2>
        {update.isError && <ProblemNotice error={update.error} />}
        <QueryView query={staff}>
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('staff.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.name')}</th>
                  <th scope="col">{t('signIn.email')}</th>
                  <th scope="col">{t('staff.role')}</th>
                  <th scope="col">{t('posKeys.store')}</th>
                  <th scope="col">{t('staff.account')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((member) => (
                  <tr key={member.id}>
                    <td>{member.displayName}</td>
                    <td>{member.email}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                        {t('staff.roleOf', { name: member.displayName })}
                      </label>
                      <select
                        id={`role-${member.id}`}
                        value={member.role}
                        disabled={member.id === me.id || update.isPending}
                        onChange={(event) => {
                          const role = event.target.value as Role;
                          update.mutate({
                            staffId: member.id,
                            body: STORE_ROLES.includes(role)
                              ? { role, storeId: member.storeId ?? stores.data?.[0]?.id ?? null }
                              : { role, storeId: null },
                          });
                        }}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`role.${role}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{storeName(member.storeId)}</td>
                    <td>
                      {member.id === me.id ? (
                        t('staff.you')
                      ) : (
                        <button
                          type="button"
                          className={member.disabledAt ? 'button' : 'button button--danger'}
                          disabled={update.isPending}
                          onClick={() =>
                            update.mutate({
                              staffId: member.id,
                              body: { disabled: !member.disabledAt },
                            })
                          }
                        >
                          {member.disabledAt
                            ? t('staff.enable', { name: member.displayName })
                            : t('staff.disable', { name: member.displayName })}
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

function CreateStaffForm() {
  const api = useApi();
  const { t } = useFormats();
  const queryClient = useQueryClient();
  const stores = useStores();
  const idempotency = useIdempotencyKey();
  const empty = { email: '', displayName: '', role: 'clerk' as Role, storeId: '', password: '' };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: async (values: typeof form) => {
      const body = {
        email: values.email.trim(),
        displayName: values.displayName.trim(),
        role: values.role,
        password: values.password,
        ...(STORE_ROLES.includes(values.role) && values.storeId ? { storeId: values.storeId } : {}),
      };
      return dataOrThrow(
        await api.cards.POST('/v1/staff', { params: { header: idempotency.header(body) }, body }),
      );
    },
    onSuccess: async () => {
      idempotency.renew();
      setForm(empty);
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
  });
  const problem = problemOf(create.error);
  const fields = fieldProblems(problem);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  return (
    <section aria-labelledby="staff-create" className="panel">
      <h2 id="staff-create">{t('staff.create')}</h2>
      <form className="form form--inline" onSubmit={submit} noValidate>
        <TextField
          label={t('staff.name')}
          name="displayName"
          autoComplete="off"
          value={form.displayName}
          error={fields.displayName}
          onChange={(event) => setForm({ ...form, displayName: event.target.value })}
        />
        <TextField
          label={t('signIn.email')}
          name="email"
          type="email"
          autoComplete="off"
          value={form.email}
          error={fields.email}
          onChange={(event) => setForm({ ...form, email: event.target.value })}
        />
        <SelectField
          label={t('staff.role')}
          name="role"
          value={form.role}
          error={fields.role}
          options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          onChange={(event) => setForm({ ...form, role: event.target.value as Role })}
        />
        {STORE_ROLES.includes(form.role) && (
          <SelectField
            label={t('posKeys.store')}
            name="storeId"
            value={form.storeId}
            error={fields.storeId}
            options={[
              { value: '', label: t('enrol.chooseStore') },
              ...(stores.data ?? []).map((store) => ({ value: store.id, label: store.name })),
            ]}
            onChange={(event) => setForm({ ...form, storeId: event.target.value })}
          />
        )}
        <TextField
          label={t('staff.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          error={fields.password}
          onChange={(event) => setForm({ ...form, password: event.target.value })}
        />
        {problem && <ProblemNotice problem={problem} />}
        {create.isError && !problem && <ProblemNotice error={create.error} />}
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('staff.create')}
        </button>
      </form>
    </section>
  );
}
