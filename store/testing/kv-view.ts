/**
 * Another handle on one store, for tests: every operation goes to `kv`, except `close` when
 * the store is shared (it is closed once, by its owner) and the change feed when the test
 * wants a store without one (as Azure Tables is: the reader then compares etags).
 */
import type { KvStore } from '../../ports/kv-store';

export function kvView(kv: KvStore, options: { feed: boolean; close: boolean }): KvStore {
  return {
    get: (n, k) => kv.get(n, k),
    insert: (n, k, v) => kv.insert(n, k, v),
    replace: (n, k, v, e) => kv.replace(n, k, v, e),
    upsert: (n, k, v) => kv.upsert(n, k, v),
    delete: (n, k, e) => kv.delete(n, k, e),
    list: (n, p) => kv.list(n, p),
    versions: (n, visit) => kv.versions(n, visit),
    scan: (n, visit) => kv.scan(n, visit),
    ...(options.feed && kv.feed ? { feed: kv.feed } : {}),
    close: options.close ? () => kv.close() : async () => undefined,
  };
}
