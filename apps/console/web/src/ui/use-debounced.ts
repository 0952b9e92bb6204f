import { useEffect, useMemo, useState } from 'react';

/**
 * The value once it has stopped changing for `delayMs`, compared by content (JSON), not by
 * identity: a live preview asks once per pause in typing, and not again for an equal draft.
 */
export function useDebounced<T>(value: T, delayMs = 350): T {
  const json = JSON.stringify(value);
  const [settled, setSettled] = useState(json);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(json), delayMs);
    return () => clearTimeout(timer);
  }, [json, delayMs]);
  return useMemo(() => JSON.parse(settled) as T, [settled]);
}
