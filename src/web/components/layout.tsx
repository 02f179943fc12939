import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { can, useApp } from '../lib/app-state.js';
import { useLocation } from '../lib/router.js';
import { applyTheme, storedTheme, type Theme } from '../lib/theme.js';

interface NavItem {
  href: string;
  label: string;
  show: boolean;
}

export function Layout(props: { children: ComponentChildren }) {
  const { me, signOut } = useApp();
  const location = useLocation();
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const [menuOpen, setMenuOpen] = useState(false);
  const items: NavItem[] = [
    { href: '/', label: 'Catalog', show: true },
    { href: '/write', label: 'Write', show: can(me, 'skills:write') },
    { href: '/review', label: 'Review', show: can(me, 'skills:admin') },
    { href: '/keys', label: 'API keys', show: can(me, 'keys:manage') },
    { href: '/shares', label: 'Share links', show: can(me, 'keys:manage') },
    { href: '/admin', label: 'Admin', show: can(me, 'admin') },
  ];
  const active = (href: string) => (href === '/' ? location.path === '/' || location.path.startsWith('/skill/') : location.path.startsWith(href));
  const who = me.kind === 'anonymous' ? 'Not signed in' : (me.user?.name ?? me.id ?? 'you');
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/" data-route>
          <span class="brand-mark" aria-hidden="true">S</span> Skillport
        </a>
        <button type="button" class="btn btn-ghost menu-toggle" aria-expanded={menuOpen} aria-controls="primary-nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="primary-nav" aria-label="Main" class={menuOpen ? 'open' : ''}>
          <ul>
            {items
              .filter((item) => item.show)
              .map((item) => (
                <li key={item.href}>
                  <a href={item.href} data-route aria-current={active(item.href) ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
                    {item.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div class="topbar-end">
          <label class="theme-picker">
            <span class="visually-hidden">Theme</span>
            <select
              value={theme}
              onChange={(event) => {
                const next = (event.currentTarget as HTMLSelectElement).value as Theme;
                setTheme(next);
                applyTheme(next);
              }}
            >
              <option value="system">System theme</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <span class="whoami" title={me.id ?? ''}>
            {who}
            {me.role && <span class="role">{me.role}</span>}
          </span>
          <button type="button" class="btn btn-ghost" onClick={() => signOut()}>
            {me.kind === 'anonymous' ? 'Sign in' : 'Sign out'}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
      <footer class="footer">
        <a href="/openapi.json">API reference (OpenAPI)</a>
      </footer>
    </div>
  );
}
