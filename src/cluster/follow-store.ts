import type { IdentityService } from '../auth/identity-service.js';
import type { ShareService } from '../auth/share-service.js';
import type { ScanState } from '../scanning/index.js';
import type { ConfigSource } from '../sources/config/source.js';
import type { Store } from '../store/index.js';
import type { ChangeListener } from './change-listener.js';

export interface FollowedParts {
  store: Store;
  configSource: ConfigSource;
  scanState: ScanState;
  identity: IdentityService;
  shares?: ShareService;
}

const PEER = { peer: true } as const;

/**
 * What this node keeps in memory of the shared tables, and how each is re-read when another node
 * (or the CLI) changed it. Webhooks, tasks and jobs are not listed: nodes read them from the
 * database whenever they use them.
 */
export function followStoreChanges(listener: ChangeListener, parts: FollowedParts): void {
  const { store, configSource, scanState, identity, shares } = parts;
  listener.on(['skill_configs', 'skill_config_revisions'], {
    changed: (id) => (id === null ? configSource.reload(PEER) : configSource.refresh(id, PEER)),
    reloadAll: () => configSource.reload(PEER),
  });
  listener.on(['scan_results', 'scan_overrides', 'quarantine_policy'], {
    changed: (key, table) => {
      if (table === 'scan_results' && key !== null) return scanState.reloadResult(store, key);
      if (table === 'scan_overrides') return scanState.reloadOverrides(store);
      if (table === 'quarantine_policy') return scanState.reloadPolicy(store);
      return scanState.load(store);
    },
    reloadAll: () => scanState.load(store),
  });
  // Resolved keys are cached per node; any change to who a credential is drops the cache, so a
  // revoked key is refused everywhere as soon as the revocation is heard.
  listener.on(['users', 'teams', 'team_members', 'api_keys'], {
    changed: () => identity.changedElsewhere(),
    reloadAll: () => identity.changedElsewhere(),
  });
  // Share links are resolved through a short cache; a revoked share is refused once this is heard.
  listener.on(['shares'], {
    changed: () => shares?.changedElsewhere(),
    reloadAll: () => shares?.changedElsewhere(),
  });
}
