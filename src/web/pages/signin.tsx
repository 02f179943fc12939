import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, describe } from '../lib/api.js';
import { startSignIn } from '../lib/pkce.js';
import { storeCredential, takeNotice } from '../lib/session.js';
import type { Me, UiConfig } from '../lib/types.js';
import { ErrorNote, Notice } from '../components/ui.js';

const KEY_FORMAT = /^sk_[0-9a-f]{64}$/;

export function SignIn(props: { config: UiConfig; notice: string | null; onSignedIn: (me: Me) => void; onAnonymous: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice] = useState(() => props.notice ?? takeNotice());

  useEffect(() => {
    document.title = 'Sign in · Skillport';
    document.getElementById('api-key')?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = key.trim();
    if (!KEY_FORMAT.test(value)) {
      setError('That does not look like a Skillport key: it starts with sk_ followed by 64 characters 0-9 and a-f.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await api<Me>('/api/me', { headers: { 'x-api-key': value }, allowUnauthorized: true });
      storeCredential({ kind: 'api_key', secret: value });
      setKey('');
      props.onSignedIn(me);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'The server does not accept this key: it is unknown, expired or revoked.' : describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <div class="signin-card">
        <p class="brand brand-large">
          <span class="brand-mark" aria-hidden="true">S</span> Skillport
        </p>
        <h1 tabIndex={-1}>Sign in</h1>
        {notice && <Notice tone="warn">{notice}</Notice>}
        {props.config.oidc && (
          <>
            <button type="button" class="btn btn-primary btn-block" onClick={() => void startSignIn(props.config.oidc!, '/')}>
              Sign in with your identity provider
            </button>
            <p class="hint">Uses {new URL(props.config.oidc.issuer).host}</p>
            <p class="or">or</p>
          </>
        )}
        {props.config.oidc_error && <Notice tone="warn">Single sign-on is unavailable: {props.config.oidc_error}</Notice>}
        <form onSubmit={submit} novalidate>
          <div class="field">
            <label for="api-key">API key</label>
            <input
              id="api-key"
              name="api-key"
              type="password"
              autoComplete="off"
              spellcheck={false}
              value={key}
              aria-describedby="api-key-hint"
              aria-invalid={error ? true : undefined}
              onInput={(event) => setKey((event.currentTarget as HTMLInputElement).value)}
            />
            <p class="hint" id="api-key-hint">
              Paste a key (sk_…). It is kept in this browser tab only and forgotten when you close it.
            </p>
          </div>
          {error && <ErrorNote>{error}</ErrorNote>}
          <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in with key'}
          </button>
        </form>
        {props.config.public_read && (
          <p>
            <button type="button" class="btn btn-link" onClick={props.onAnonymous}>
              Browse public skills without signing in
            </button>
          </p>
        )}
        <details class="help">
          <summary>No key?</summary>
          <p>
            The first start of the server prints an owner key once. An administrator can create one for you, or run{' '}
            <code>skillport keys create --name laptop</code> on the server.
          </p>
        </details>
      </div>
    </main>
  );
}
