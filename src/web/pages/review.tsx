import { Page } from '../components/ui.js';
export function Review(props: { section: string }) {
  return <Page title="Review">{props.section}</Page>;
}
