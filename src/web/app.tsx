import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, describe, whenSignedOut } from './lib/api.js';
import { AppContext, type AppState } from './lib/app-state.js';
import { navigate, useLocation } from './lib/router.js';
import { clearCredential, currentCredential } from './lib/session.js';
import type { Me, UiConfig } from './lib/types.js';
import { Layout } from './components/layout.js';
import { ErrorNote, Loading } from './components/ui.js';
import { SignIn } from './pages/signin.js';
import { Callback } from './pages/callback.js';
import { Routes } from './routes.js';

/** Anyone who may read without signing in, when the server allows it. */
const ANONYMOUS: Me = { kind: 'anonymous', id: null, role: null, scopes: ['skills:read'], teams: [], key_id: null, user: null };

type Phase = { kind: 'loading' } | { kind: 'signed-out'; notice: string | null } | { kind: 'signed-in'; me: Me } | { kind: 'failed'; message: string };

export function App() {
  const location = useLocation();
  const [config, setConfig] = useState<UiConfig | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    whenSignedOut((message) => setPhase({ kind: 'signed-out', notice: message }));
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const cfg = await api<UiConfig>('/api/ui/config');
      if (cancelled) return;
      setConfig(cfg);
      if (location.path === '/auth/callback') return;
      if (!currentCredential()) {
        setPhase(sessionStorage.getItem('skillport.anonymous') && cfg.public_read ? { kind: 'signed-in', me: ANONYMOUS } : { kind: 'signed-out', notice: null });
        return;
      }
      const me = await api<Me>('/api/me');
      if (!cancelled) setPhase({ kind: 'signed-in', me });
    })().catch((err: unknown) => {
      if (!cancelled && currentCredential()) setPhase({ kind: 'failed', message: describe(err) });
    });
    return () => {
      cancelled = true;
    };
    // Sign-in state is decided once per attempt; navigation does not re-check it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  const state = useMemo<AppState | null>(
    () =>
      phase.kind === 'signed-in' && config
        ? {
            me: phase.me,
            config,
            signOut: (message?: string) => {
              clearCredential();
              sessionStorage.removeItem('skillport.anonymous');
              setPhase({ kind: 'signed-out', notice: message ?? 'You have signed out.' });
              navigate('/');
            },
          }
        : null,
    [phase, config],
  );

  if (location.path === '/auth/callback' && config && phase.kind !== 'signed-in') {
    return <Callback onSignedIn={() => setAttempt((a) => a + 1)} />;
  }
  if (phase.kind === 'loading' || !config) return <Loading label="Starting Skillport…" />;
  if (phase.kind === 'failed') {
    return (
      <main id="main" class="signin">
        <ErrorNote title="Skillport could not load.">{phase.message}</ErrorNote>
        <button type="button" class="btn" onClick={() => setAttempt((a) => a + 1)}>
          Try again
        </button>
      </main>
    );
  }
  if (phase.kind === 'signed-out' || !state) {
    return (
      <SignIn
        config={config}
        notice={phase.kind === 'signed-out' ? phase.notice : null}
        onSignedIn={(me) => setPhase({ kind: 'signed-in', me })}
        onAnonymous={() => {
          sessionStorage.setItem('skillport.anonymous', '1');
          setPhase({ kind: 'signed-in', me: ANONYMOUS });
        }}
      />
    );
  }
  return (
    <AppContext.Provider value={state}>
      <Layout>
        <Routes location={location} />
      </Layout>
    </AppContext.Provider>
  );
}
