import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { useApi, useProgram } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Notice, ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';

/** The program's own settings: its name, country (for phone numbers), time zone and language. */
export function ProgramScreen() {
  const api = useApi();
  const program = useProgram();
  const { t } = useFormats();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: program.name,
    country: program.country ?? '',
    timeZone: program.timeZone,
    locale: program.locale,
  });
  const save = useMutation({
    mutationFn: async (values: typeof form) =>
      dataOrThrow(
        await api.ledger.PATCH('/v1/program', {
          body: {
            name: values.name.trim(),
            country: values.country.trim() === '' ? null : values.country.trim(),
            timeZone: values.timeZone.trim(),
            locale: values.locale.trim(),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['program'] }),
  });
  const fields = fieldProblems(problemOf(save.error));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(form);
  };
  return (
    <section aria-labelledby="program-title">
      <h1 id="program-title">{t('program.title')}</h1>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('program.name')}
          value={form.name}
          error={fields.name}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        <TextField
          label={t('program.country')}
          hint={t('program.countryHint')}
          value={form.country}
          error={fields.country}
          onChange={(event) => setForm({ ...form, country: event.target.value })}
        />
        <TextField
          label={t('stores.timezone')}
          value={form.timeZone}
          error={fields.timeZone}
          onChange={(event) => setForm({ ...form, timeZone: event.target.value })}
        />
        <SelectField
          label={t('program.locale')}
          hint={t('program.localeHint')}
          value={form.locale}
          error={fields.locale}
          options={[
            { value: 'en', label: 'English' },
            { value: 'fr', label: 'Français' },
            ...(['en', 'fr'].includes(form.locale)
              ? []
              : [{ value: form.locale, label: form.locale }]),
          ]}
          onChange={(event) => setForm({ ...form, locale: event.target.value })}
        />
        {save.isSuccess && <Notice tone="success">{t('program.saved')}</Notice>}
        {save.isError && <ProblemNotice error={save.error} />}
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t('program.save')}
        </button>
      </form>
    </section>
  );
}
