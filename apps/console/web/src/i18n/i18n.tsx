import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { createFormats, type Formats, type Locale, type ProgramFormat } from './formats';

export * from './formats';

const FormatsContext = createContext<Formats | null>(null);

export function FormatsProvider({
  locale,
  program,
  children,
}: {
  locale: Locale;
  program: ProgramFormat;
  children: ReactNode;
}) {
  const formats = useMemo(
    () => createFormats(locale, program),
    [locale, program.currency, program.timeZone],
  );
  return <FormatsContext.Provider value={formats}>{children}</FormatsContext.Provider>;
}

/** The caller's language and the program's formats; `t` looks a message up. */
export function useFormats(): Formats {
  const formats = useContext(FormatsContext);
  if (!formats) throw new Error('useFormats outside FormatsProvider');
  return formats;
}
