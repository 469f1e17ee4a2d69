/**
 * Login form: a regular form post to /login (fields username, password); the server
 * answers 303 to / or to /?login=failed.
 */
import { h } from '../dom';
import type { Lang } from '../format';
import { translator } from '../i18n';
import { langSwitch } from './shell';

/** Where the user was going before logging in: the server redirects to "/", losing the hash. */
export const AFTER_LOGIN_KEY = 'sla.afterLogin';

export function loginView(container: HTMLElement, lang: Lang, failed: boolean, onLang: (l: Lang) => void): void {
  const t = translator(lang);
  const form = h(
    'form',
    { method: 'post', action: '/login', class: 'login-form', testid: 'login-form' },
    h('h1', null, t('loginTitle')),
    failed ? h('p', { class: 'error', role: 'alert', testid: 'login-error' }, t('loginFailed')) : null,
    h(
      'label',
      null,
      h('span', null, t('username')),
      h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, autofocus: true, testid: 'login-username' }),
    ),
    h(
      'label',
      null,
      h('span', null, t('password')),
      h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, testid: 'login-password' }),
    ),
    h('button', { type: 'submit', testid: 'login-submit' }, t('login')),
  );
  form.addEventListener('submit', () => {
    try {
      if (location.hash && location.hash !== '#/') sessionStorage.setItem(AFTER_LOGIN_KEY, location.hash);
    } catch {
      // Storage unavailable: the user lands on the overview.
    }
  });
  container.append(
    h(
      'div',
      { class: 'login-page' },
      h('div', { class: 'login-top' }, h('div', { class: 'brand' }, t('appTitle')), langSwitch(lang, onLang)),
      form,
    ),
  );
  // Autofocus is ignored on inserted elements in some browsers.
  form.querySelector<HTMLInputElement>('input[name=username]')?.focus();
}
