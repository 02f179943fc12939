import type { ComponentChildren } from 'preact';

/** Tabs in the ARIA pattern: Tab reaches the selected one, arrow keys, Home and End move between them. */
export function Tabs(props: { label: string; tabs: Array<{ id: string; label: string }>; active: string; onChange: (id: string) => void; children: ComponentChildren }) {
  const index = props.tabs.findIndex((t) => t.id === props.active);
  const onKey = (event: KeyboardEvent) => {
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % props.tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + props.tabs.length) % props.tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = props.tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    props.onChange(props.tabs[next]!.id);
    queueMicrotask(() => document.getElementById(`tab-${props.tabs[next]!.id}`)?.focus());
  };
  return (
    <div class="tabs">
      <div role="tablist" aria-label={props.label} class="tablist" onKeyDown={onKey}>
        {props.tabs.map((tab) => (
          <button
            key={tab.id}
            id={`tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === props.active}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === props.active ? 0 : -1}
            onClick={() => props.onChange(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${props.active}`} aria-labelledby={`tab-${props.active}`} tabIndex={0} class="tabpanel">
        {props.children}
      </div>
    </div>
  );
}
