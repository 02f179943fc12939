import { useEffect, useState } from 'preact/hooks';
import { api, describe } from '../lib/api.js';
import { callbackUrl, takePending } from '../lib/pkce.js';
import { navigate } from '../lib/router.js';
import { storeCredential } from '../lib/session.js';
import { ErrorNote, Loading } from '../components/ui.js';

/** Where the identity provider sends the browser back: trade the code for a token, then go on. */
export function Callback(props: { onSignedIn: () => void }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const pending = takePending(params.get('state'));
    if (params.get('error')) {
      setError(`The identity provider did not sign you in (${params.get('error')}).`);
      return;
    }
    const code = params.get('code');
    if (!pending || !code) {
      setError('This sign-in link is not the one this tab started (or it was already used). Start again.');
      return;
    }
    api<{ token: string }>('/api/ui/oidc/token', { method: 'POST', body: { code, code_verifier: pending.verifier, redirect_uri: callbackUrl() }, allowUnauthorized: true })
      .then(({ token }) => {
        storeCredential({ kind: 'oidc', secret: token });
        navigate(pending.returnTo || '/', { replace: true });
        props.onSignedIn();
      })
      .catch((err: unknown) => setError(describe(err)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <main id="main" class="signin">
      <div class="signin-card">
        <h1 tabIndex={-1}>Signing in</h1>
        {error ? (
          <>
            <ErrorNote>{error}</ErrorNote>
            <a class="btn" href="/">
              Back to sign-in
            </a>
          </>
        ) : (
          <Loading label="Finishing sign-in…" />
        )}
      </div>
    </main>
  );
}
