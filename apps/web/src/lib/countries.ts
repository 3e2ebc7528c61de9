const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Two-letter codes that name groupings or test regions rather than a country. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

function nameOf(code: string): string | undefined {
  try {
    return REGION_NAMES.of(code);
  } catch {
    return undefined; // Not a region code at all.
  }
}

/** "Portugal" for `PT`; a code the platform does not know is shown as it is. */
export function countryName(code: string): string {
  return nameOf(code.toUpperCase()) ?? code;
}

const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** Every country the platform can name, by name, for a filter people pick from. */
export const COUNTRIES: readonly { code: string; name: string }[] = LETTERS.flatMap((a) =>
  LETTERS.map((b) => `${a}${b}`),
)
  .filter((code) => !NOT_COUNTRIES.has(code))
  .flatMap((code) => {
    const name = nameOf(code);
    return name && name !== code ? [{ code, name }] : [];
  })
  .sort((x, y) => x.name.localeCompare(y.name));
