/**
 * A parameter's place in a statement: `:name`, never the second colon of a `::type` cast, and
 * never inside a quoted literal or identifier (the statements here quote neither around one).
 */
const PLACEHOLDER = /(?<![:\w]):([a-z][a-z0-9_]*)/gi;

/**
 * Binds parameters by name: `:name` in the text becomes `$n`, in the order the names first
 * appear, and the values follow in that order. A name the text uses but the values lack, or a
 * value the text never uses, is a programming error and throws before the statement is sent.
 */
export function bindNamed(
  sql: string,
  values: Readonly<Record<string, unknown>>,
): [text: string, parameters: unknown[]] {
  const order: string[] = [];
  const text = sql.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`the statement's :${name} has no value`);
    let index = order.indexOf(name);
    if (index < 0) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  const unused = Object.keys(values).filter((name) => !order.includes(name));
  if (unused.length > 0) throw new Error(`values the statement never uses: ${unused.join(', ')}`);
  return [text, order.map((name) => values[name])];
}
