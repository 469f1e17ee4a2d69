/**
 * The frame around every page once logged in: header with the last-updated time, the
 * connection state, the menu, language switch and logout; the stale banner below it.
 * For a wall display's session (role DISPLAY) the header is reduced to the title, the unit
 * on screen, the last-updated time and the connection state: nothing to click.
 */
import { h, setText } from '../dom';
import { formatDateTime, parseInstant, type Lang } from '../format';
import { LANGS, type Translator } from '../i18n';
import type { LiveConnection } from '../live';
import { searchText } from '../dossier';
import { ALERT_RULES_HREF, alertsHref, DISPLAYS_HREF, overviewHref, searchHref, wallHref } from '../router';
import type { Me } from '../types';

/** Server clock ahead of the figures' "now" by more than this: say so (job stopped or replaying). */
export const LAG_NOTICE_MS = 120_000;

export function langSwitch(lang: Lang, onLang: (l: Lang) => void): HTMLElement {
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-label': 'Ngôn ngữ / Language' },
    ...LANGS.map((l) =>
      h(
        'button',
        {
          type: 'button',
          class: l === lang ? 'lang active' : 'lang',
          'aria-pressed': String(l === lang),
          lang: l,
          testid: `lang-${l}`,
          onclick: () => onLang(l),
        },
        l === 'vi' ? 'VI' : 'EN',
      ),
    ),
  );
}

/** The body's data-live value: what browser tests wait for. */
export function liveStatus(
  live: Pick<LiveConnection, 'hasSnapshot' | 'stale' | 'state'>,
): 'connected' | 'stale' | 'connecting' {
  if (live.stale) return 'stale';
  // A lost socket shows at once as "connecting" (the red banner waits for the 12 s rule).
  return live.hasSnapshot && live.state === 'live' ? 'connected' : 'connecting';
}

/** The search box of every page: a dossier's code, or its end (e.g. -0001). */
export function searchBox(t: Translator): HTMLElement {
  const input = h('input', {
    type: 'search',
    name: 'q',
    class: 'search-input',
    placeholder: t('searchPlaceholder'),
    'aria-label': t('searchLabel'),
    autocomplete: 'off',
    spellcheck: 'false',
    testid: 'search-input',
  }) as HTMLInputElement;
  const form = h('form', { class: 'search-form', role: 'search', testid: 'search-form' }, input,
    h('button', { type: 'submit', class: 'secondary', testid: 'search-submit' }, t('searchButton')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = searchText(input.value);
    if (q === null) {
      input.setCustomValidity(t('searchTooShort'));
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    location.hash = searchHref(q);
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
  return form;
}

export interface Shell {
  main: HTMLElement;
  update(): void;
  /** The unit named in the header (the wall display's unit), or none. */
  setUnit(name: string | null): void;
}

/** Whether a session is a wall display's: kiosk layout, nothing to click. */
export function isKiosk(me: Pick<Me, 'role'>): boolean {
  return me.role === 'DISPLAY';
}

export function shell(root: HTMLElement, me: Me, lang: Lang, t: Translator, live: LiveConnection, onLang: (l: Lang) => void): Shell {
  const asOfTime = h('span', { class: 'as-of-time' });
  const asOf = h('div', { class: 'as-of', testid: 'as-of' }, h('span', { class: 'as-of-label' }, `${t('updatedAt')} `), asOfTime);
  const state = h('div', { class: 'live-state', testid: 'live-state' });
  const banners = h('div', { class: 'banners' });
  const stale = h('div', { class: 'stale-banner', role: 'alert', testid: 'stale-banner' }, t('reconnecting'));
  const lag = h('div', { class: 'lag-notice', testid: 'lag-notice' });
  const serverError = h('div', { class: 'live-error', role: 'status', testid: 'live-error' });
  const main = h('main', { id: 'view', class: 'view' });

  const kiosk = isKiosk(me);
  const unitName = h('span', { class: 'header-unit', testid: 'header-unit', hidden: true });

  let right: HTMLElement | null = null;
  let nav: HTMLElement | null = null;
  let search: HTMLElement | null = null;
  if (!kiosk) {
    const logout = h(
      'form',
      { method: 'post', action: '/logout', class: 'logout-form', testid: 'logout-form' },
      h('button', { type: 'submit', class: 'secondary', testid: 'logout-button' }, t('logout')),
    );
    logout.addEventListener('submit', () => live.stop());
    search = searchBox(t);
    nav = h(
      'nav',
      { class: 'main-nav', 'aria-label': t('mainMenu') },
      h('a', { href: overviewHref(), testid: 'nav-overview' }, t('overview')),
      h('a', { href: wallHref(), testid: 'nav-wall' }, t('navWall')),
      h('a', { href: alertsHref(), testid: 'nav-alerts' }, t('navAlerts')),
      me.role === 'ADMIN' ? h('a', { href: DISPLAYS_HREF, testid: 'nav-displays' }, t('navDisplays')) : null,
      me.role === 'ADMIN' ? h('a', { href: ALERT_RULES_HREF, testid: 'nav-alert-rules' }, t('alertRulesTitle')) : null,
    );
    right = h(
      'div',
      { class: 'user-box' },
      h('span', { class: 'user', testid: 'user' }, t('signedInAs', { name: me.displayName || me.username })),
      langSwitch(lang, onLang),
      logout,
    );
  }

  root.append(
    h(
      'header',
      { class: kiosk ? 'top kiosk' : 'top' },
      h(
        'div',
        { class: 'brand-box' },
        kiosk ? h('span', { class: 'brand' }, t('appTitle')) : h('a', { class: 'brand', href: overviewHref() }, t('appTitle')),
        unitName,
      ),
      nav,
      search,
      h('div', { class: 'status' }, state, asOf),
      right,
    ),
    banners,
    main,
  );

  /** Shows or removes an element in the banner area (absent, not hidden, when not relevant). */
  const toggle = (el: HTMLElement, show: boolean, before?: HTMLElement) => {
    if (show && !el.isConnected) banners.insertBefore(el, before && before.isConnected ? before : null);
    if (!show && el.isConnected) el.remove();
  };

  return {
    main,
    setUnit(name) {
      unitName.hidden = !name;
      setText(unitName, name ?? '');
    },
    update() {
      const status = liveStatus(live);
      document.body.dataset.live = status;
      setText(asOfTime, formatDateTime(live.asOf, lang, true));
      asOf.dataset.asOf = live.asOf ?? '';
      setText(state, status === 'connected' ? `● ${t('live')}` : status === 'stale' ? `✗ ${t('disconnected')}` : `… ${t('connecting')}`);
      state.className = `live-state ${status}`;
      // Stale banner first and foremost: it must not be missed from across the room. It says since
      // when (the last message heard), so nobody reads the figures on screen as current.
      if (live.stale) {
        setText(stale, live.lastMessageAt > 0 ? t('staleSince', { time: formatDateTime(live.lastMessageAt, lang, true) }) : t('reconnecting'));
      }
      toggle(stale, live.stale, banners.firstElementChild as HTMLElement | undefined);
      const asOfMs = parseInstant(live.asOf);
      const serverMs = parseInstant(live.serverTime);
      const lagging = !live.stale && asOfMs !== null && serverMs !== null && serverMs - asOfMs > LAG_NOTICE_MS;
      // Catching up is not "stopped": say how far the job has come instead.
      const catchingUp = !live.stale && live.catchingUp;
      if (catchingUp) {
        setText(lag, live.inputProgress
          ? t('catchingUpBanner', { progress: formatDateTime(live.inputProgress, lang, true) })
          : t('alertsCatchingUpStart'));
      } else if (lagging) {
        setText(lag, t('lagging', { asOf: formatDateTime(live.asOf, lang, true), server: formatDateTime(live.serverTime, lang, true) }));
      }
      toggle(lag, lagging || catchingUp);
      if (live.lastError) setText(serverError, t('serverMessage', { message: live.lastError }));
      toggle(serverError, live.lastError !== null);
    },
  };
}
