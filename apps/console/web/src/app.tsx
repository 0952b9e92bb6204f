import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createApiClients } from './api/clients';
import { dataOrThrow, ProblemError } from './api/problems';
import { type Staff, StaffSession } from './api/session';
import { ConsoleContext, type ConsoleContextValue } from './console-context';
import { FormatsProvider, isLocale, type Locale, localeOfTag, useFormats } from './i18n/i18n';
import { SignInForm } from './layout/sign-in-form';
import { router } from './router';
import { Dialog, Loading, ProblemNotice } from './ui/feedback';

const LOCALE_KEY = 'loyalty-console.locale';
const DEFAULT_PROGRAM_FORMAT = { currency: 'EUR', timeZone: 'UTC' };

/** Without a choice of the person's or the program's: the browser's language, else English. */
const browserLocale = (): Locale => localeOfTag(globalThis.navigator?.language) ?? 'en';

const session = new StaffSession();
const api = createApiClients(session);
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change by asking again; a network hiccup might.
      retry: (failures, error) =>
        !(error instanceof ProblemError && error.problem.status < 500) && failures < 2,
      staleTime: 15_000,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  const state = useSyncExternalStore(session.subscribe, session.snapshot);
  const [chosenLocale, setChosenLocale] = useState<Locale | null>(() => {
    const stored = globalThis.localStorage?.getItem(LOCALE_KEY);
    return isLocale(stored) ? stored : null;
  });
  const [fallbackLocale] = useState(browserLocale);
  useEffect(() => {
    void session.resume();
  }, []);
  // Another person's data must not linger in the cache once the first has signed out.
  useEffect(() => {
    if (state.status === 'signed-out') queryClient.clear();
  }, [state.status]);

  const locale = chosenLocale ?? fallbackLocale;
  const setLocale = (next: Locale) => {
    globalThis.localStorage?.setItem(LOCALE_KEY, next);
    setChosenLocale(next);
  };
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  if (state.status === 'starting') {
    return (
      <FormatsProvider locale={locale} program={DEFAULT_PROGRAM_FORMAT}>
        <Loading />
      </FormatsProvider>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <FormatsProvider locale={locale} program={DEFAULT_PROGRAM_FORMAT}>
        <SignInScreen />
      </FormatsProvider>
    );
  }
  return (
    <QueryClientProvider client={queryClient}>
      <SignedIn
        staff={state.staff}
        expired={state.status === 'expired'}
        chosenLocale={chosenLocale}
        fallbackLocale={fallbackLocale}
        setLocale={setLocale}
      />
    </QueryClientProvider>
  );
}

function SignInScreen() {
  const { t } = useFormats();
  return (
    <main className="sign-in-page">
      <div className="sign-in-page__card">
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('shell.product')}</p>
        <SignInForm session={session} />
      </div>
    </main>
  );
}

/**
 * The console once someone is signed in: their program's profile sets the currency, the time
 * zone and (unless they chose one) the language; when the session ends, a sign-in dialog opens
 * over the screen, which stays as it was, typed values included.
 */
function SignedIn({
  staff,
  expired,
  chosenLocale,
  fallbackLocale,
  setLocale,
}: {
  staff: Staff;
  expired: boolean;
  chosenLocale: Locale | null;
  fallbackLocale: Locale;
  setLocale: (locale: Locale) => void;
}) {
  const program = useQuery({
    queryKey: ['program', staff.programId],
    queryFn: async () => dataOrThrow(await api.ledger.GET('/v1/program')),
    staleTime: 5 * 60_000,
  });
  const programLocale = program.data ? localeOfTag(program.data.locale) : undefined;
  const locale = chosenLocale ?? programLocale ?? fallbackLocale;
  const context = useMemo<ConsoleContextValue | null>(
    () => (program.data ? { api, session, staff, program: program.data, locale, setLocale } : null),
    [program.data, staff, locale, setLocale],
  );

  if (!context) {
    return (
      <FormatsProvider locale={locale} program={DEFAULT_PROGRAM_FORMAT}>
        {program.isError ? <ProblemNotice error={program.error} /> : <Loading />}
      </FormatsProvider>
    );
  }
  return (
    <ConsoleContext.Provider value={context}>
      <FormatsProvider locale={locale} program={context.program}>
        <RouterProvider router={router} />
        <SessionExpiredDialog open={expired} staff={staff} />
      </FormatsProvider>
    </ConsoleContext.Provider>
  );
}

function SessionExpiredDialog({ open, staff }: { open: boolean; staff: Staff }) {
  const { t } = useFormats();
  return (
    <Dialog
      title={t('signIn.expiredTitle')}
      open={open}
      dismissable={false}
      onClose={() => undefined}
    >
      <p>{t('signIn.expiredExplain')}</p>
      <SignInForm session={session} initialEmail={staff.email} />
      <button type="button" className="button button--link" onClick={() => void session.signOut()}>
        {t('shell.signOut')}
      </button>
    </Dialog>
  );
}
