import { Page } from '../components/ui.js';
export function Keys() {
  return <Page title="API keys">…</Page>;
}
