import type { CardIssuanceSchemas } from '@loyalty/api-client';
import { QueryView } from '../../ui/query-view';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { may, StaffPermission } from '../../access/permissions';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { useApi, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Dialog, ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';

type Card = CardIssuanceSchemas['schemas']['CardResponse'];
type BlockReason = CardIssuanceSchemas['schemas']['BlockCardRequest']['reason'];
const BLOCK_REASONS: readonly BlockReason[] = ['lost', 'stolen', 'fraud', 'damaged'];

const cardsKey = (memberId: string) => ['member', memberId, 'cards'] as const;

/** 19 digits as printed on the card: groups of four. */
export const printedCardNumber = (number: string): string =>
  number.replaceAll(/(\d{4})(?=\d)/g, '$1 ');

/** The member's cards with their state and barcode; issue, block and replace by role. */
export function MemberCards({ memberId }: { memberId: string }) {
  const api = useApi();
  const staff = useStaff();
  const { t, date } = useFormats();
  const [action, setAction] = useState<
    { kind: 'issue' } | { kind: 'block'; card: Card } | { kind: 'replace'; card: Card } | null
  >(null);
  const cards = useQuery({
    queryKey: cardsKey(memberId),
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.cards.GET('/v1/members/{memberId}/cards', {
          params: { path: { memberId } },
          signal,
        }),
      ),
  });

  return (
    <section aria-labelledby="cards-title" className="panel">
      <div className="panel__header">
        <h2 id="cards-title">{t('cards.title')}</h2>
        {may(staff, StaffPermission.IssueCards) && (
          <button type="button" className="button" onClick={() => setAction({ kind: 'issue' })}>
            {t('cards.issue')}
          </button>
        )}
      </div>
      <QueryView query={cards}>
        {(data) => (
          <ul className="cards">
            {data.items.map((card) => (
              <li key={card.id} className={`card card--${card.status}`}>
                <div className="card__text">
                  <p className="card__number">{printedCardNumber(card.number)}</p>
                  <p>
                    <span className={`badge badge--${card.status}`}>
                      {t(`card.status.${card.status}`)}
                    </span>{' '}
                    {t(`card.kind.${card.kind}`)} ·{' '}
                    {t('cards.issuedOn', { date: date(card.issuedAt) })}
                    {card.blockReason && ` · ${t(`card.blockReason.${card.blockReason}`)}`}
                  </p>
                  {card.status === 'active' && (
                    <div className="card__actions">
                      {may(staff, StaffPermission.BlockCards) && (
                        <button
                          type="button"
                          className="button"
                          onClick={() => setAction({ kind: 'block', card })}
                        >
                          {t('cards.block')}
                        </button>
                      )}
                      {may(staff, StaffPermission.ReplaceCards) && (
                        <button
                          type="button"
                          className="button"
                          onClick={() => setAction({ kind: 'replace', card })}
                        >
                          {t('cards.replace')}
                        </button>
                      )}
                    </div>
                  )}
                </div>
                {card.status === 'active' && <CardBarcode memberId={memberId} card={card} />}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <Dialog
        title={
          action?.kind === 'issue'
            ? t('cards.issue')
            : action?.kind === 'block'
              ? t('cards.blockTitle', { number: action.card.maskedNumber })
              : action?.kind === 'replace'
                ? t('cards.replaceTitle', { number: action.card.maskedNumber })
                : ''
        }
        open={action !== null}
        onClose={() => setAction(null)}
      >
        {action && (
          <CardActionForm memberId={memberId} action={action} onDone={() => setAction(null)} />
        )}
      </Dialog>
    </section>
  );
}

function CardBarcode({ memberId, card }: { memberId: string; card: Card }) {
  const api = useApi();
  const { t } = useFormats();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    api
      .blob(`/api/card-issuance/v1/members/${memberId}/cards/${card.id}/barcode.svg`)
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => setUrl(null));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, memberId, card.id]);
  return url ? (
    <img
      className="card__barcode"
      src={url}
      alt={t('cards.barcodeOf', { number: card.maskedNumber })}
    />
  ) : null;
}

function CardActionForm({
  memberId,
  action,
  onDone,
}: {
  memberId: string;
  action: { kind: 'issue' } | { kind: 'block'; card: Card } | { kind: 'replace'; card: Card };
  onDone: () => void;
}) {
  const api = useApi();
  const { t } = useFormats();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [reason, setReason] = useState<BlockReason>('lost');
  const [kind, setKind] = useState<'virtual' | 'physical'>('virtual');
  const [number, setNumber] = useState('');
  type CardToIssue = { kind: 'physical'; number: string } | { kind: 'virtual' };
  const write = useMutation({
    // What was chosen travels with the call: the function itself may be a render behind.
    mutationFn: async ({ reason, newCard }: { reason: BlockReason; newCard: CardToIssue }) => {
      if (action.kind === 'issue') {
        return dataOrThrow(
          await api.cards.POST('/v1/members/{memberId}/cards', {
            params: { path: { memberId }, header: idempotency.header(newCard) },
            body: newCard,
          }),
        );
      }
      const path = { memberId, cardId: action.card.id };
      if (action.kind === 'block') {
        const body = { reason };
        return dataOrThrow(
          await api.cards.POST('/v1/members/{memberId}/cards/{cardId}/block', {
            params: { path, header: idempotency.header({ ...path, ...body }) },
            body,
          }),
        );
      }
      const body = { reason, card: newCard };
      return dataOrThrow(
        await api.cards.POST('/v1/members/{memberId}/cards/{cardId}/replacement', {
          params: { path, header: idempotency.header({ ...path, ...body }) },
          body,
        }),
      );
    },
    onSuccess: async () => {
      idempotency.renew();
      await queryClient.invalidateQueries({ queryKey: cardsKey(memberId) });
      onDone();
    },
  });
  const problem = problemOf(write.error);
  const fields = fieldProblems(problem);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate({
      reason,
      newCard:
        kind === 'physical'
          ? { kind: 'physical', number: number.replaceAll(/\s/g, '') }
          : { kind: 'virtual' },
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {action.kind !== 'issue' && (
        <SelectField
          label={t('cards.reason')}
          name="reason"
          value={reason}
          error={fields.reason}
          options={BLOCK_REASONS.map((value) => ({
            value,
            label: t(`card.blockReason.${value}`),
          }))}
          onChange={(event) => setReason(event.target.value as BlockReason)}
        />
      )}
      {action.kind !== 'block' && (
        <>
          <SelectField
            label={t('card.kind')}
            name="cardKind"
            value={kind}
            error={fields.kind ?? fields['card.kind']}
            options={[
              { value: 'virtual', label: t('card.kind.virtual') },
              { value: 'physical', label: t('card.kind.physical') },
            ]}
            onChange={(event) => setKind(event.target.value as 'virtual' | 'physical')}
          />
          {kind === 'physical' && (
            <TextField
              label={t('card.numberFromStock')}
              name="cardNumber"
              inputMode="numeric"
              autoComplete="off"
              value={number}
              error={fields.number ?? fields['card.number']}
              onChange={(event) => setNumber(event.target.value)}
            />
          )}
        </>
      )}
      {problem && <ProblemNotice problem={problem} />}
      {write.isError && !problem && <ProblemNotice error={write.error} />}
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={write.isPending}>
          {action.kind === 'issue'
            ? t('cards.issue')
            : action.kind === 'block'
              ? t('cards.block')
              : t('cards.replace')}
        </button>
      </div>
    </form>
  );
}
