import { Client } from 'pg';

/**
 * Most distinct statement texts a process prepares. The app's statements are a fixed set well
 * under this; the bound keeps a query built with a varying text (an IN list of any length) from
 * filling every connection's memory on the server. Past it, statements run unnamed as before.
 */
export const MAX_PREPARED_STATEMENTS = 2000;

const statementNames = new Map<string, string>();

/** The name a statement text is prepared under, the same on every connection of the process. */
export function preparedNameOf(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED_STATEMENTS) {
    name = `loyalty_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A pg client that prepares each parameterised statement once per connection and then only binds
 * and executes it, as postgres.js and pgx do by default. Without a name, pg's extended protocol
 * parses and plans the text again on every call; for the ledger's read and batch statements the
 * planning costs more than the execution (docs/performance.md). Statements without parameters
 * (migrations, multi-statement scripts) keep the simple protocol.
 */
export class StatementPreparingClient extends Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = preparedNameOf(text);
      if (name !== undefined) args.splice(0, 2, { name, text, values });
    }
    return (super.query as (...queryArgs: unknown[]) => never)(...args);
  }
}
