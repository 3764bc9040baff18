/**
 * Inserts `x` into `list` (sorted by `order`) after every element not greater than it: where a
 * stable sort of the list with `x` appended would put it. For lists kept in order between
 * changes (the incremental evaluator's, the embedded store's kept tables), where sorting again
 * for one new element would cost the whole list.
 */
export function insertSorted<T>(list: T[], x: T, order: (a: T, b: T) => number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(list[mid]!, x) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, x);
}
