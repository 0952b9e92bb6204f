/** Letters that do not decompose into a base letter and an accent. */
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * A name as the desk searches it: lower case, without accents (`Zoë Ødegård` → `zoe odegard`),
 * words split on anything that is not a letter or a digit. A search for a prefix compares the
 * same folding of what the clerk typed, so `ODE` and `ødé` both find her.
 */
export function searchableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .join(' ');
}

/**
 * What `members.search_name` holds for a name: its searchable form after a leading space, so
 * `LIKE '% ' || prefix || '%'` finds the start of any word (MemberEntity.searchName). Imported by
 * a migration too, so it uses nothing outside this library.
 */
export const searchNameOf = (name: string | null): string | null => {
  const folded = name === null ? '' : searchableName(name);
  return folded === '' ? null : ` ${folded}`;
};
