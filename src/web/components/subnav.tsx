/** Sections of a page as links, so each has its own address and Back works. */
export function SubNav(props: { label: string; base: string; items: Array<{ id: string; label: string }>; active: string }) {
  return (
    <nav class="subnav" aria-label={props.label}>
      {props.items.map((item) => (
        <a key={item.id} href={`${props.base}/${item.id}`} data-route aria-current={item.id === props.active ? 'page' : undefined}>
          {item.label}
        </a>
      ))}
    </nav>
  );
}
