import { type FormEvent, useState } from 'react';
import { fieldProblems, type Problem } from '../api/problems';
import type { StaffSession } from '../api/session';
import { useFormats } from '../i18n/i18n';
import { ProblemNotice } from '../ui/feedback';
import { TextField } from '../ui/fields';

/**
 * Email and password (and the program's code, for an email that opens several programs). Used
 * on the sign-in screen and in the dialog over a screen whose session ended.
 */
export function SignInForm({
  session,
  initialEmail = '',
}: {
  session: StaffSession;
  initialEmail?: string;
}) {
  const { t } = useFormats();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [programCode, setProgramCode] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const fields = fieldProblems(problem);
  const needsProgram = problem?.errors?.some((error) => error.field === 'programCode') ?? false;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await session.signIn(email.trim(), password, programCode.trim() || undefined);
      if (!result.ok) setProblem(result.problem);
    } catch {
      setProblem({ status: 0, code: 'NETWORK', title: t('error.network') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form sign-in" onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label={t('signIn.email')}
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        error={fields.email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <TextField
        label={t('signIn.password')}
        type="password"
        name="password"
        autoComplete="current-password"
        autoFocus={initialEmail !== ''}
        required
        value={password}
        error={fields.password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {(needsProgram || programCode) && (
        <TextField
          label={t('signIn.programCode')}
          name="programCode"
          value={programCode}
          error={fields.programCode}
          onChange={(event) => setProgramCode(event.target.value)}
        />
      )}
      {problem && <ProblemNotice problem={problem} />}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('signIn.signingIn') : t('signIn.submit')}
      </button>
    </form>
  );
}
