/**
 * The bytes of a CSV file → text, or a clear refusal (issue 15 item 5). Accepted: UTF-8 with or
 * without a byte-order mark, and UTF-16 (little- or big-endian, with a BOM, or without one when
 * the zero bytes of ASCII text give it away: what Excel's "Unicode Text" writes). Anything else
 * (a latin-1 / Windows-1252 export, where "José" is the byte E9) is refused with the encoding
 * problem and the first row that shows it, never read as mojibake.
 *
 * Also the delimiter: comma (the contract's) or semicolon (what Excel writes in locales where
 * the comma is the decimal separator), chosen from the header; any other is named in the error.
 */
import { ContractError } from './problems';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence; -1 when valid. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * The spreadsheet row (header = 1) that text position `end` falls in: newlines inside quoted
 * cells do not start a row.
 */
function rowAt(text: string, end: number): number {
  let row = 1;
  let quoted = false;
  for (let i = 0; i < end && i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) row++;
  }
  return row;
}

/** UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte. */
function looksUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length - (b.length % 2), 512);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.1) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.1) return 'utf-16be';
  return null;
}

function decodeUtf16(b: Uint8Array, le: boolean, file: string): string {
  if (b.length % 2 !== 0) {
    throw new ContractError(
      'invalid-encoding',
      `${file} looks like UTF-16 but has an odd number of bytes (a truncated file?); save it again as "CSV UTF-8"`,
    );
  }
  const bytes = le ? b : swapPairs(b);
  return new TextDecoder('utf-16le', { fatal: false }).decode(bytes);
}

function swapPairs(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let i = 0; i + 1 < b.length; i += 2) {
    out[i] = b[i + 1]!;
    out[i + 1] = b[i]!;
  }
  return out;
}

/** Decodes a CSV file's bytes; throws ContractError `invalid-encoding` naming the first bad row. */
export function decodeCsvBytes(bytes: Uint8Array, file: string): DecodedCsv {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: decodeUtf16(bytes.subarray(2), true, file), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: decodeUtf16(bytes.subarray(2), false, file), encoding: 'utf-16be' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const guess = bom ? null : looksUtf16(body);
  if (guess) return { text: decodeUtf16(body, guess === 'utf-16le', file), encoding: guess };
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const before = new TextDecoder('utf-8').decode(body.subarray(0, bad));
    const row = rowAt(before, before.length);
    throw new ContractError(
      'invalid-encoding',
      `${file} is not UTF-8: row ${row} has a byte that is not valid UTF-8 (probably a latin-1 or Windows-1252 export, where letters such as é or ü become single bytes); save it as "CSV UTF-8" (or UTF-16) and try again`,
    );
  }
  return { text: new TextDecoder('utf-8').decode(body), encoding: bom ? 'utf-8-bom' : 'utf-8' };
}

/** Splits a header line on `sep`, ignoring separators inside quotes. */
function headerCells(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/**
 * The delimiter of a CSV text: `,` or `;`, whichever splits the header into more of the
 * expected column names (then into more cells). Another separator (tab, `|`) is refused with
 * its name, since reading it as one column would only say "no id column".
 */
export function detectDelimiter(
  text: string,
  file: string,
  expected: readonly string[],
): ',' | ';' {
  const end = text.search(/\r?\n/);
  const line = (end < 0 ? text : text.slice(0, end)).replace(/^\ufeff/, '');
  const want = new Set(expected.map((c) => c.toLowerCase()));
  const score = (sep: string): [number, number] => {
    const cells = headerCells(line, sep);
    return [cells.filter((c) => want.has(c.toLowerCase())).length, cells.length];
  };
  const [cKnown, cCells] = score(',');
  const [sKnown, sCells] = score(';');
  if (sKnown > cKnown || (sKnown === cKnown && sCells > cCells)) return ';';
  if (cCells === 1 && cKnown <= 1) {
    const other = (['\t', '|'] as const).find((sep) => headerCells(line, sep).length > 1);
    if (other) {
      throw new ContractError(
        'invalid-delimiter',
        `${file} separates its columns with ${other === '\t' ? 'tabs' : `"${other}"`}; the data contract reads comma- (or semicolon-) separated files: save it as "CSV UTF-8 (comma delimited)"`,
      );
    }
  }
  return ',';
}
