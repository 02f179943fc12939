import { Page } from '../components/ui.js';
export function Editor(props: { id: string | null; params: URLSearchParams }) {
  return <Page title={props.id ? 'Edit skill' : 'New skill'}>{props.params.toString()}</Page>;
}
