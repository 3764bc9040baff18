/**
 * The admins' daily data-problems digest: counts by problem code and where (file, row,
 * column), never the row's content (it may hold names).
 */
import {
  adaptiveCard,
  factSet,
  formatDate,
  header,
  section,
  text,
  type CardJson,
} from './card-kit';

export interface ProblemLine {
  file: string;
  row: number | string;
  column: string | null;
  code: string;
}

export interface AdminProblemsView {
  day: string;
  total: number;
  byCode: Array<[string, number]>;
  /** The first few, for finding them in the data. */
  lines: ProblemLine[];
}

export function adminProblemsCard(v: AdminProblemsView): CardJson {
  const where = v.lines.map(
    (l) => `${l.file} row ${l.row}${l.column ? `, column ${l.column}` : ''}: ${l.code}`,
  );
  return adaptiveCard(
    [
      header('Data problems', formatDate(v.day)),
      text(
        `${v.total} row problem(s) in the organisation's data were skipped. The rest of the data is used as normal.`,
      ),
      factSet(v.byCode.map(([code, n]) => [code, String(n)])),
      section('Where', where),
      ...(v.total > v.lines.length
        ? [
            text(`…and ${v.total - v.lines.length} more (run \`supervision-bot validate\`).`, {
              isSubtle: true,
            }),
          ]
        : []),
    ],
    { fallbackText: `${v.total} data problem(s) skipped` },
  );
}
