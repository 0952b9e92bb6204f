import type { LedgerSchemas } from '@loyalty/api-client';
import { createContext, useContext } from 'react';
import type { ApiClients } from './api/clients';
import type { Staff, StaffSession } from './api/session';
import type { Locale } from './i18n/i18n';

export type Program = LedgerSchemas['schemas']['ProgramProfileResponse'];

/** What every screen may ask for: the API, who is signed in, their program, the language. */
export interface ConsoleContextValue {
  readonly api: ApiClients;
  readonly session: StaffSession;
  readonly staff: Staff;
  readonly program: Program;
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside the signed-in console');
  return value;
}

export const useApi = (): ApiClients => useConsole().api;
export const useStaff = (): Staff => useConsole().staff;
export const useProgram = (): Program => useConsole().program;
