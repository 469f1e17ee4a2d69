/**
 * Wall-display tokens (#/displays), for administrators: the list (`GET /api/displays`), a
 * form to create one (`POST /api/displays`, the kiosk link shown once to copy) and a revoke
 * button per display (`DELETE /api/displays/{id}`).
 */
import { errorMessage, isAbort, kioskUrl } from '../api';
import { h, replaceChildren, setText } from '../dom';
import { DASH, formatDateTime } from '../format';
import type { DisplayInfo } from '../types';
import type { Registry } from '../units';
import type { AppContext, View } from './context';

/** Every unit of the registry, depth-first under its parent, for the unit picker. */
export function unitOptions(registry: Registry, roots: readonly string[]): { unitId: string; name: string; depth: number }[] {
  const out: { unitId: string; name: string; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (id: string, depth: number) => {
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ unitId: id, name: registry.name(id), depth });
    for (const c of registry.children(id)) walk(c.unitId, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

export function displaysView(container: HTMLElement, ctx: AppContext): View {
  const { t, lang, api, registry, roots } = ctx;
  if (ctx.me.role !== 'ADMIN') {
    container.append(h('p', { class: 'error', role: 'alert', testid: 'error' }, t('adminOnly')));
    return { destroy() {} };
  }
  const controller = new AbortController();

  const nameInput = h('input', { type: 'text', name: 'name', required: true, maxlength: 100, testid: 'display-name' });
  const unitSelect = h(
    'select',
    { name: 'unit', required: true, testid: 'display-unit' },
    ...unitOptions(registry, roots).map((o) =>
      // Indentation with non-breaking spaces: <option> shows no markup.
      h('option', { value: o.unitId }, `${'\u00a0\u00a0\u00a0'.repeat(o.depth)}${o.name}`),
    ),
  );
  // Empty: valid until revoked (a meeting room's wall runs for years); else it stops by itself.
  const expiryInput = h('input', { type: 'number', name: 'expiresInDays', min: 1, max: 3650, step: 1, testid: 'display-expiry' });
  const submit = h('button', { type: 'submit', testid: 'display-submit' }, t('displayCreate'));
  const formError = h('p', { class: 'error', role: 'alert', hidden: true, testid: 'display-error' });
  const created = h('div', { class: 'display-created', hidden: true, testid: 'display-created', 'aria-live': 'polite' });
  const notice = h('p', { class: 'notice', hidden: true, testid: 'display-notice', role: 'status' });
  const listBox = h('div', { class: 'displays-list' }, h('p', { class: 'loading' }, t('loading')));

  const form = h(
    'form',
    { class: 'display-form', testid: 'display-create', novalidate: true },
    h('label', null, h('span', null, t('displayName')), nameInput),
    h('label', null, h('span', null, t('displayUnit')), unitSelect),
    h('label', null, h('span', null, t('displayExpiry')), expiryInput),
    submit,
    formError,
  );

  container.append(
    h(
      'div',
      { class: 'page displays', testid: 'displays' },
      h('div', { class: 'page-head' }, h('h1', null, t('displaysTitle'))),
      h('p', { class: 'intro' }, t('displaysIntro')),
      h('section', { class: 'panel' }, h('h2', null, t('displayNew')), form, created),
      notice,
      h('section', { class: 'panel' }, h('h2', null, t('displaysList')), listBox),
    ),
  );

  const showError = (el: HTMLElement, message: string | null) => {
    el.hidden = message === null;
    setText(el, message ?? '');
  };

  function showCreated(name: string, url: string): void {
    const urlBox = h('code', { class: 'display-url', testid: 'display-url' }, url);
    const copyStatus = h('span', { class: 'copy-status', role: 'status' });
    const copy = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        testid: 'display-copy',
        onclick: () => {
          const selectText = () => {
            const range = document.createRange();
            range.selectNodeContents(urlBox);
            const sel = window.getSelection();
            sel?.removeAllRanges();
            sel?.addRange(range);
          };
          if (navigator.clipboard?.writeText) {
            navigator.clipboard.writeText(url).then(
              () => setText(copyStatus, t('displayCopied')),
              () => {
                selectText();
                setText(copyStatus, t('displayCopyFailed'));
              },
            );
          } else {
            selectText();
            setText(copyStatus, t('displayCopyFailed'));
          }
        },
      },
      t('displayCopy'),
    );
    replaceChildren(created, h('p', null, t('displayCreated', { name })), h('div', { class: 'display-url-row' }, urlBox, copy, copyStatus));
    created.hidden = false;
  }

  function renderList(list: DisplayInfo[]): void {
    if (list.length === 0) {
      replaceChildren(listBox, h('p', { class: 'notice', testid: 'displays-none' }, t('displaysNone')));
      return;
    }
    // The token is shown once, so the list usually has no link; the column appears only if it does.
    const withUrl = list.some((d) => typeof d.url === 'string' && d.url !== '');
    const sorted = [...list].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.name.localeCompare(b.name, 'vi'));
    replaceChildren(
      listBox,
      h(
        'table',
        { class: 'displays-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ...(['colDisplayName', 'colUnits', 'colCreatedAt', 'colLink', 'colActions'] as const)
              .filter((k) => withUrl || k !== 'colLink')
              .map((k) => h('th', { scope: 'col' }, t(k))),
          ),
        ),
        h(
          'tbody',
          null,
          ...sorted.map((d) => {
            const revoke = h(
              'button',
              { type: 'button', class: 'danger', testid: `display-revoke-${d.id}` },
              t('displayRevoke'),
            );
            revoke.addEventListener('click', () => void doRevoke(d, revoke));
            return h(
              'tr',
              { testid: `display-row-${d.id}` },
              h('th', { scope: 'row', testid: 'cell-name' }, d.name),
              h('td', { testid: 'cell-units' }, (d.units ?? []).map((u) => registry.name(u)).join(', ') || DASH),
              h('td', { class: 'num', testid: 'cell-createdAt' }, formatDateTime(d.createdAt ?? null, lang)),
              withUrl ? h('td', { class: 'code', testid: 'cell-url' }, d.url ? kioskUrl(location.origin, { url: d.url }) : DASH) : null,
              h('td', null, revoke),
            );
          }),
        ),
      ),
    );
  }

  async function loadList(): Promise<void> {
    try {
      const list = await api.displays(controller.signal);
      if (controller.signal.aborted) return;
      renderList(Array.isArray(list) ? list : []);
    } catch (e) {
      if (isAbort(e)) return;
      replaceChildren(listBox, h('p', { class: 'error', role: 'alert', testid: 'error' }, errorMessage(e, t)));
    }
  }

  async function doRevoke(d: DisplayInfo, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await api.revokeDisplay(d.id, controller.signal);
      if (controller.signal.aborted) return;
      notice.hidden = false;
      setText(notice, t('displayRevoked', { name: d.name }));
      await loadList();
    } catch (e) {
      if (isAbort(e)) return;
      button.disabled = false;
      notice.hidden = false;
      setText(notice, errorMessage(e, t));
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = nameInput.value.trim();
    const unit = unitSelect.value;
    if (!name) {
      showError(formError, t('displayNameRequired'));
      nameInput.focus();
      return;
    }
    const days = expiryInput.value.trim() === '' ? undefined : Number(expiryInput.value);
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
      showError(formError, t('displayExpiryInvalid'));
      expiryInput.focus();
      return;
    }
    showError(formError, null);
    submit.disabled = true;
    api
      .createDisplay(name, [unit], controller.signal, days)
      .then(async (answer) => {
        if (controller.signal.aborted) return;
        showCreated(name, kioskUrl(location.origin, answer));
        nameInput.value = '';
        notice.hidden = true;
        await loadList();
      })
      .catch((e: unknown) => {
        if (!isAbort(e)) showError(formError, errorMessage(e, t));
      })
      .finally(() => {
        submit.disabled = false;
      });
  });

  // Keeps the header's "updated at" and connection state meaningful on this page too.
  if (roots[0]) ctx.live.subscribe({ subtree: { unitId: roots[0], depth: 0 } });
  ctx.refreshStatus();
  void loadList();

  return {
    destroy() {
      controller.abort();
    },
  };
}
