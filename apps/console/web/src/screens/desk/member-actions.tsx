import type { CardIssuanceSchemas } from '@loyalty/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { may, StaffPermission } from '../../access/permissions';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { useApi, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Dialog, Notice, ProblemNotice } from '../../ui/feedback';
import { TextField } from '../../ui/fields';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';

type Member = CardIssuanceSchemas['schemas']['MemberResponse'];
type Action = 'adjust' | 'merge' | 'erase';

/** What the caller's role may do for the member beyond cards: points by hand, merge, privacy. */
export function MemberActions({ member }: { member: Member }) {
  const staff = useStaff();
  const api = useApi();
  const { t } = useFormats();
  const [action, setAction] = useState<Action | null>(null);
  const [exportProblem, setExportProblem] = useState<unknown>(null);
  const available = {
    adjust: may(staff, StaffPermission.AdjustPoints),
    merge: may(staff, StaffPermission.MergeMembers),
    privacy: may(staff, StaffPermission.HandlePrivacyRequests),
  };
  if (!available.adjust && !available.merge && !available.privacy) return null;

  const downloadExport = async () => {
    setExportProblem(null);
    try {
      const data = dataOrThrow(
        await api.cards.GET('/v1/members/{memberId}/export', {
          params: { path: { memberId: member.id } },
        }),
      );
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = `member-${member.id}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      setExportProblem(error);
    }
  };

  const titles: Record<Action, string> = {
    adjust: t('actions.adjust'),
    merge: t('actions.merge'),
    erase: t('actions.erase'),
  };

  return (
    <section aria-labelledby="actions-title" className="panel">
      <h2 id="actions-title">{t('actions.title')}</h2>
      <div className="button-row">
        {available.adjust && (
          <button type="button" className="button" onClick={() => setAction('adjust')}>
            {t('actions.adjust')}
          </button>
        )}
        {available.merge && (
          <button type="button" className="button" onClick={() => setAction('merge')}>
            {t('actions.merge')}
          </button>
        )}
        {available.privacy && (
          <>
            <button type="button" className="button" onClick={() => void downloadExport()}>
              {t('actions.export')}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => setAction('erase')}
            >
              {t('actions.erase')}
            </button>
          </>
        )}
      </div>
      {exportProblem !== null && <ProblemNotice error={exportProblem} />}
      <Dialog
        title={action ? titles[action] : ''}
        open={action !== null}
        onClose={() => setAction(null)}
      >
        {action === 'adjust' && <AdjustForm member={member} onDone={() => setAction(null)} />}
        {action === 'merge' && <MergeForm member={member} onDone={() => setAction(null)} />}
        {action === 'erase' && <EraseForm member={member} onDone={() => setAction(null)} />}
      </Dialog>
    </section>
  );
}

function AdjustForm({ member, onDone }: { member: Member; onDone: () => void }) {
  const api = useApi();
  const { t, number } = useFormats();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const adjust = useMutation({
    mutationFn: async (values: { points: string; reason: string }) => {
      const body = { memberId: member.id, points: Number(values.points), reason: values.reason };
      return dataOrThrow(
        await api.ledger.POST('/v1/adjustments', {
          params: { header: idempotency.header(body) },
          body,
        }),
      );
    },
    onSuccess: async () => {
      idempotency.renew();
      await queryClient.invalidateQueries({ queryKey: ['member', member.id] });
      await queryClient.invalidateQueries({ queryKey: ['adjustment-requests'] });
    },
  });
  const problem = problemOf(adjust.error);
  const fields = fieldProblems(problem);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    adjust.mutate({ points, reason });
  };
  if (adjust.data) {
    return (
      <div className="form">
        <Notice tone={adjust.data.status === 'applied' ? 'success' : 'warning'}>
          {adjust.data.status === 'applied'
            ? t('adjust.applied', { points: number(adjust.data.points) })
            : t('adjust.pending', { points: number(adjust.data.points) })}
        </Notice>
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={onDone}>
            {t('common.close')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label={t('adjust.points')}
        hint={t('adjust.pointsHint')}
        name="points"
        type="number"
        step={1}
        value={points}
        error={fields.points}
        onChange={(event) => setPoints(event.target.value)}
      />
      <TextField
        label={t('adjust.reason')}
        hint={t('adjust.reasonHint')}
        name="reason"
        value={reason}
        error={fields.reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {problem && <ProblemNotice problem={problem} />}
      {adjust.isError && !problem && <ProblemNotice error={adjust.error} />}
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={adjust.isPending}>
          {t('actions.adjust')}
        </button>
      </div>
    </form>
  );
}

function MergeForm({ member, onDone }: { member: Member; onDone: () => void }) {
  const api = useApi();
  const { t } = useFormats();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [intoMemberId, setIntoMemberId] = useState('');
  const [reason, setReason] = useState('');
  const merge = useMutation({
    mutationFn: async (values: { intoMemberId: string; reason: string }) => {
      const body = { intoMemberId: values.intoMemberId.trim(), reason: values.reason };
      return dataOrThrow(
        await api.cards.POST('/v1/members/{memberId}/merge', {
          params: { path: { memberId: member.id }, header: idempotency.header(body) },
          body,
        }),
      );
    },
    onSuccess: async (merged) => {
      idempotency.renew();
      await queryClient.invalidateQueries({ queryKey: ['members'] });
      onDone();
      await navigate({ to: '/desk/members/$memberId', params: { memberId: merged.member.id } });
    },
  });
  const problem = problemOf(merge.error);
  const fields = fieldProblems(problem);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    merge.mutate({ intoMemberId, reason });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>{t('merge.explain', { name: member.name ?? t('member.noName') })}</p>
      <TextField
        label={t('merge.into')}
        hint={t('merge.intoHint')}
        name="intoMemberId"
        autoComplete="off"
        value={intoMemberId}
        error={fields.intoMemberId}
        onChange={(event) => setIntoMemberId(event.target.value)}
      />
      <TextField
        label={t('adjust.reason')}
        name="reason"
        value={reason}
        error={fields.reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {problem && <ProblemNotice problem={problem} />}
      {merge.isError && !problem && <ProblemNotice error={merge.error} />}
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={merge.isPending}>
          {t('actions.merge')}
        </button>
      </div>
    </form>
  );
}

function EraseForm({ member, onDone }: { member: Member; onDone: () => void }) {
  const api = useApi();
  const { t } = useFormats();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirmation, setConfirmation] = useState('');
  const expected = t('erase.confirmWord');
  const erase = useMutation({
    mutationFn: async () => {
      const answer = await api.cards.DELETE('/v1/members/{memberId}', {
        params: { path: { memberId: member.id } },
      });
      if (answer.error !== undefined) dataOrThrow(answer);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['members'] });
      onDone();
      await navigate({ to: '/desk' });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (confirmation.trim().toLowerCase() === expected.toLowerCase()) erase.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <Notice tone="warning">{t('erase.explain')}</Notice>
      <TextField
        label={t('erase.confirm', { word: expected })}
        name="confirmation"
        autoComplete="off"
        value={confirmation}
        onChange={(event) => setConfirmation(event.target.value)}
      />
      {erase.isError && <ProblemNotice error={erase.error} />}
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className="button button--danger"
          disabled={erase.isPending || confirmation.trim().toLowerCase() !== expected.toLowerCase()}
        >
          {t('actions.erase')}
        </button>
      </div>
    </form>
  );
}
