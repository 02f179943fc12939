import type { Location } from './lib/router.js';
import { can, useApp } from './lib/app-state.js';
import { Catalog } from './pages/catalog.js';
import { SkillPage } from './pages/skill.js';
import { WriteList } from './pages/write-list.js';
import { Editor } from './pages/editor.js';
import { ImportPage } from './pages/import.js';
import { Review } from './pages/review.js';
import { Keys } from './pages/keys.js';
import { Shares } from './pages/shares.js';
import { Admin } from './pages/admin.js';
import { Page, Empty } from './components/ui.js';

/** Client-side routes. The server answers every one of these paths with the same page. */
export function Routes(props: { location: Location }) {
  const { me } = useApp();
  const { path, params } = props.location;
  const segments = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const [first, second] = segments;
  if (!first) return <Catalog params={params} />;
  if (first === 'skill' && second) return <SkillPage key={second} name={second} params={params} />;
  if (first === 'write' && can(me, 'skills:write')) {
    if (!second) return <WriteList />;
    if (second === 'import') return <ImportPage />;
    return <Editor id={second === 'new' ? null : second} params={params} />;
  }
  if (first === 'review' && can(me, 'skills:admin')) return <Review section={second ?? 'quarantine'} />;
  if (first === 'keys' && can(me, 'keys:manage')) return <Keys />;
  if (first === 'shares' && can(me, 'keys:manage')) return <Shares params={params} />;
  if (first === 'admin' && can(me, 'admin')) return <Admin section={second ?? 'users'} />;
  return (
    <Page title="Not here">
      <Empty title="There is no page at this address, or your role cannot open it.">
        <a href="/" data-route>
          Go to the catalog
        </a>
      </Empty>
    </Page>
  );
}
