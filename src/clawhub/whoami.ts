import type { Principal } from '../auth/principal.js';
import { roleRank } from '../auth/scopes.js';
import type { Store } from '../store/index.js';
import { handleOf } from './owners.js';

/**
 * `clawhub login --token` and `clawhub whoami`: the caller behind the key. The handle is the user
 * id, which is also what `@owner/slug` and `--owner` name for the caller's own skills.
 */
export async function whoami(principal: Principal, store: Store) {
  const handle = handleOf(principal);
  const user = handle === null ? undefined : await store.users.get(handle);
  return {
    user: {
      handle,
      displayName: user?.name ?? null,
      image: null,
      role: principal.role !== null && roleRank(principal.role) >= roleRank('admin') ? ('admin' as const) : ('user' as const),
    },
  };
}
