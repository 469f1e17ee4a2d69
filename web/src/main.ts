/**
 * Start-up and routing: who is logged in (/api/me), the registry (/api/units), one live
 * connection for the page, and a view per hash route.
 */
import { dossierView, searchView } from './views/dossier';
import './styles.css';
import { Api, ApiError, errorMessage } from './api';
import { h, replaceChildren } from './dom';
import type { Lang } from './format';
import { loadLang, saveLang, translator } from './i18n';
import { LiveConnection, wsUrl } from './live';
import { parseRoute, wallHref, type Route } from './router';
import type { Me } from './types';
import { Registry, scopeRoots } from './units';
import { alertsView } from './views/alertpage';
import { alertRulesView } from './views/alertrules';
import type { AppContext, View } from './views/context';
import { displaysView } from './views/displays';
import { AFTER_LOGIN_KEY, loginView } from './views/login';
import { overviewView } from './views/overview';
import { reportView } from './views/report';
import { isKiosk, shell, type Shell } from './views/shell';
import { unitView } from './views/unit';
import { wallView } from './views/wall';

const app = document.getElementById('app') as HTMLElement;
const api = new Api();
let lang: Lang = loadLang();
let live: LiveConnection | null = null;
let currentView: View | null = null;
let frame: Shell | null = null;
let session: { me: Me; registry: Registry } | null = null;

function applyLang(): void {
  document.documentElement.lang = lang;
  document.title = translator(lang)('appShortTitle');
}

function setLang(l: Lang): void {
  if (l === lang) return;
  lang = l;
  saveLang(l);
  applyLang();
  if (session) renderApp();
  else void boot();
}

/** Page-wide layout classes: the wall's full-screen layout, and the kiosk (DISPLAY) session. */
function setLayout(wall: boolean, kiosk: boolean): void {
  document.documentElement.classList.toggle('wall-mode', wall);
  document.body.classList.toggle('kiosk', kiosk);
}

function showLogin(): void {
  setLayout(false, false);
  currentView?.destroy();
  currentView = null;
  live?.stop();
  session = null;
  frame = null;
  delete document.body.dataset.live;
  replaceChildren(app);
  const failed = new URLSearchParams(location.search).get('login') === 'failed';
  loginView(app, lang, failed, setLang);
}

function showFatal(e: unknown): void {
  const t = translator(lang);
  replaceChildren(
    app,
    h(
      'div',
      { class: 'fatal' },
      h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)),
      h('button', { type: 'button', onclick: () => void boot() }, t('retry')),
    ),
  );
}

async function boot(): Promise<void> {
  applyLang();
  replaceChildren(app, h('p', { class: 'loading' }, translator(lang)('loading')));
  try {
    const me = await api.me();
    const units = await api.units();
    session = { me, registry: new Registry(units) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showLogin();
    else showFatal(e);
    return;
  }
  // Back to where the user was before the login form.
  try {
    const wanted = sessionStorage.getItem(AFTER_LOGIN_KEY);
    sessionStorage.removeItem(AFTER_LOGIN_KEY);
    if (wanted && (!location.hash || location.hash === '#/')) history.replaceState(null, '', `/${wanted}`);
  } catch {
    // Storage unavailable.
  }
  // Drop "?login=failed" left over from an earlier attempt.
  if (location.search) history.replaceState(null, '', `/${location.hash}`);
  if (!live) {
    live = new LiveConnection({ url: wsUrl(location) });
    live.on((e) => {
      if (e.kind === 'state' && e.state === 'waiting') void checkSession();
      frame?.update();
    });
  }
  live.start();
  renderApp();
}

/**
 * The websocket handshake is refused when the session has expired (or the server restarted
 * and forgot it), which looks like any other failure from here; ask /api/me, whose 401
 * shows the login form via onUnauthorized. At most once per reconnect attempt, so the
 * backoff paces these calls too.
 */
async function checkSession(): Promise<void> {
  if (!live || live.attempts < 2) return;
  try {
    await api.me();
  } catch {
    // 401 is handled by onUnauthorized; anything else: the server is down, keep retrying.
  }
}

function renderApp(): void {
  if (!session || !live) return;
  currentView?.destroy();
  currentView = null;
  replaceChildren(app);
  const t = translator(lang);
  frame = shell(app, session.me, lang, t, live, setLang);
  route();
}

function route(): void {
  if (!session || !live || !frame) return;
  currentView?.destroy();
  currentView = null;
  const main = frame.main;
  replaceChildren(main);
  const t = translator(lang);
  const f = frame;
  const ctx: AppContext = {
    lang,
    t,
    api,
    me: session.me,
    registry: session.registry,
    roots: scopeRoots(session.me.scope ?? [], session.registry),
    live,
    refreshStatus: () => f.update(),
    kiosk: isKiosk(session.me),
    setHeaderUnit: (name) => f.setUnit(name),
  };
  let r: Route = parseRoute(location.hash);
  const kiosk = isKiosk(session.me);
  // A wall display's session shows the wall and nothing else.
  if (kiosk && r.name !== 'wall') {
    history.replaceState(null, '', `/${wallHref()}`);
    r = parseRoute(wallHref());
  }
  // `#/wall?lang=en`: a kiosk has no language switch, so its address may choose.
  if (r.name === 'wall' && r.lang && r.lang !== lang) {
    setLang(r.lang);
    return;
  }
  setLayout(r.name === 'wall', kiosk);
  f.setUnit(null);
  switch (r.name) {
    case 'overview':
      currentView = overviewView(main, ctx, r.root);
      break;
    case 'unit':
      currentView = unitView(main, ctx, r.unitId);
      break;
    case 'report':
      currentView = reportView(main, ctx, r.unitId, r.from, r.to);
      break;
    case 'wall':
      currentView = wallView(main, ctx, r.unitId, r.rotateSeconds);
      break;
    case 'displays':
      currentView = displaysView(main, ctx);
      break;
    case 'alerts':
      currentView = alertsView(main, ctx, r.from, r.to);
      break;
    case 'alertRules':
      currentView = alertRulesView(main, ctx);
      break;
    case 'dossier':
      currentView = dossierView(main, ctx, r.dossierId);
      break;
    case 'search':
      currentView = searchView(main, ctx, r.q);
      break;
    default:
      main.append(h('p', { class: 'error', role: 'alert', testid: 'error' }, t('notFound')), h('a', { href: '#/' }, t('backToOverview')));
  }
  f.update();
  window.scrollTo(0, 0);
}

api.onUnauthorized = () => {
  if (session) showLogin();
};
window.addEventListener('hashchange', () => route());
void boot();
