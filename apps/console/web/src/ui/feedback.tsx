import { type ReactNode, useEffect, useId, useRef } from 'react';
import { type Problem, problemOf } from '../api/problems';
import { useFormats } from '../i18n/i18n';

/** A refusal in words: the app's own detail, its code and the request id to quote to support. */
export function ProblemNotice({ problem, error }: { problem?: Problem; error?: unknown }) {
  const { t } = useFormats();
  const shown = problem ?? problemOf(error);
  if (!shown && !error) return null;
  if (!shown) {
    return (
      <div className="notice notice--error" role="alert">
        {t('error.network')}
      </div>
    );
  }
  const forbidden = shown.status === 403;
  const fields = shown.errors?.length ?? 0;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">
        {forbidden
          ? t('error.forbidden')
          : shown.status === 401
            ? t('error.signedOut')
            : fields > 0
              ? t('error.fieldsToCorrect', { count: fields })
              : (shown.title ?? t('error.refused'))}
      </p>
      {shown.detail && fields === 0 && <p>{shown.detail}</p>}
      <p className="notice__meta">
        {shown.status} {shown.code}
        {shown.requestId && ` · ${t('error.requestId', { id: shown.requestId })}`}
      </p>
    </div>
  );
}

export function Notice({
  tone = 'info',
  children,
}: {
  tone?: 'info' | 'success' | 'warning';
  children: ReactNode;
}) {
  return (
    <div className={`notice notice--${tone}`} role="status">
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useFormats();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/** A modal dialog on the browser's own <dialog>: focus moves in and stays, Escape closes it. */
export function Dialog({
  title,
  open,
  onClose,
  children,
  dismissable = true,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  dismissable?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissable) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}
