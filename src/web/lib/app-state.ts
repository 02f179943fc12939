import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me, UiConfig } from './types.js';

export interface AppState {
  me: Me;
  config: UiConfig;
  signOut: (message?: string) => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside the signed-in app');
  return state;
}

export function can(me: Me, scope: string): boolean {
  return me.scopes.includes(scope);
}
