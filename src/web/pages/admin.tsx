import { Page } from '../components/ui.js';
export function Admin(props: { section: string }) {
  return <Page title="Admin">{props.section}</Page>;
}
