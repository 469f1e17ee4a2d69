import type { Api } from '../api';
import type { Lang } from '../format';
import type { Translator } from '../i18n';
import type { LiveConnection } from '../live';
import type { Me } from '../types';
import type { Registry } from '../units';

/** What every page gets: the logged-in user, the registry, the API and the live connection. */
export interface AppContext {
  lang: Lang;
  t: Translator;
  api: Api;
  me: Me;
  registry: Registry;
  /** The user's scope roots, topmost units first (see units.ts scopeRoots). */
  roots: string[];
  live: LiveConnection;
  /** Called by a view after it changed the live subscription, so the shell updates its status. */
  refreshStatus(): void;
  /** A wall display's session (role DISPLAY): nothing to click, no links. */
  kiosk: boolean;
  /** Names the unit on screen in the header (the wall display), or clears it. */
  setHeaderUnit(name: string | null): void;
}

/** A mounted page; destroy() releases its timers, listeners and chart. */
export interface View {
  destroy(): void;
}
