import { QueryView } from '../../ui/query-view';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { SelectField } from '../../ui/fields';

type Status = 'pending' | 'approved' | 'rejected';

/**
 * Adjustments above a cap wait here for a second person. Whether this caller may decide one
 * (an admin; another manager where the program allows it; never the requester) is the ledger's
 * call: a refusal is shown as it answers.
 */
export function ApprovalsScreen() {
  const api = useApi();
  const staff = useStaff();
  const { t, number, dateTime } = useFormats();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>('pending');
  const requests = useQuery({
    queryKey: ['adjustment-requests', status],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.ledger.GET('/v1/adjustment-requests', {
          params: { query: { status, limit: 100 } },
          signal,
        }),
      ),
  });
  const decide = useMutation({
    mutationFn: async ({ id, decision }: { id: string; decision: 'approval' | 'rejection' }) => {
      const options = {
        params: {
          path: { adjustmentRequestId: id },
          header: { 'Idempotency-Key': crypto.randomUUID() },
        },
        body: { note: t('approvals.note', { name: staff.displayName }) },
      };
      return dataOrThrow(
        decision === 'approval'
          ? await api.ledger.POST('/v1/adjustment-requests/{adjustmentRequestId}/approval', options)
          : await api.ledger.POST(
              '/v1/adjustment-requests/{adjustmentRequestId}/rejection',
              options,
            ),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['adjustment-requests'] }),
  });

  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">{t('approvals.title')}</h1>
      <div className="filters">
        <SelectField
          label={t('approvals.status')}
          value={status}
          options={(['pending', 'approved', 'rejected'] as const).map((value) => ({
            value,
            label: t(`approvals.status.${value}`),
          }))}
          onChange={(event) => setStatus(event.target.value as Status)}
        />
      </div>
      {decide.isError && <ProblemNotice error={decide.error} />}
      <QueryView
        query={requests}
        isEmpty={(data) => data.items.length === 0}
        empty={t('approvals.none')}
      >
        {(data) => (
          <table className="table">
            <caption className="visually-hidden">{t('approvals.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('approvals.requestedAt')}</th>
                <th scope="col">{t('approvals.member')}</th>
                <th scope="col" className="numeric">
                  {t('history.points')}
                </th>
                <th scope="col">{t('adjust.reason')}</th>
                <th scope="col">{t('approvals.requestedBy')}</th>
                {status === 'pending' && <th scope="col">{t('approvals.decision')}</th>}
              </tr>
            </thead>
            <tbody>
              {data.items.map((request) => (
                <tr key={request.id}>
                  <td>{dateTime(request.createdAt)}</td>
                  <td>
                    <Link to="/desk/members/$memberId" params={{ memberId: request.memberId }}>
                      {t('approvals.openMember')}
                    </Link>
                  </td>
                  <td className="numeric">{number(request.points)}</td>
                  <td>{request.reason}</td>
                  <td>{t(`role.${request.requestedRole}`)}</td>
                  {status === 'pending' && (
                    <td className="button-row">
                      <button
                        type="button"
                        className="button button--primary"
                        disabled={decide.isPending}
                        aria-label={t('approvals.approveOne', { points: number(request.points) })}
                        onClick={() => decide.mutate({ id: request.id, decision: 'approval' })}
                      >
                        {t('approvals.approve')}
                      </button>
                      <button
                        type="button"
                        className="button"
                        disabled={decide.isPending}
                        aria-label={t('approvals.rejectOne', { points: number(request.points) })}
                        onClick={() => decide.mutate({ id: request.id, decision: 'rejection' })}
                      >
                        {t('approvals.reject')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
