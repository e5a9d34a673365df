// The page of `tertial edit`: loads the state, renders it, sends every change at once and
// renders the answer, keeping the cursor where it was; preview, undo/redo, disk watch.
import { api, ApiError } from './api.js';
import { el, debounce } from './util.js';
import { renderDocument } from './doc.js';
import { outline, todoPanel, diagnosticsPanel } from './panels.js';
import { diagnosticList } from './diagnostics.js';
import { setupImport } from './import.js';

const $ = (sel) => document.querySelector(sel);
const docEl = $('#doc');
const saveState = $('#save-state');

const ctx = {
  state: null,
  figById: new Map(),
  numbers: new Map(),
  errors: new Map(),
  rendering: false,
  currentPtr: '',
  shown: new Set(),
  diagnosticsAt(p) {
    const out = (ctx.state.diagnostics || []).filter((d) => d.pointer === p);
    out.forEach((d) => ctx.shown.add(d));
    return out;
  },
  diagnosticsUnder(p) {
    const out = (ctx.state.diagnostics || []).filter((d) => d.pointer === p || d.pointer.startsWith(p + '/'));
    out.forEach((d) => ctx.shown.add(d));
    return out;
  },
  edit,
  send,
  navigate,
  openFigure,
  notify,
};

// ---- state and rendering ------------------------------------------------------------

function setState(state) {
  // to-dos and review marks are listed under "Att göra", not as diagnostics
  state.diagnostics = (state.diagnostics || []).filter((d) => d.code !== 'todo');
  ctx.state = state;
  ctx.figById = new Map((state.figures || []).map((f) => [f.id, f]));
  ctx.numbers = new Map();
  const walk = (items) => items.forEach((it) => {
    if (it.number) ctx.numbers.set(it.pointer, it.number);
    walk(it.children || []);
  });
  walk(state.outline || []);
  render();
  schedulePreview();
}

function captureFocus() {
  const a = document.activeElement;
  if (!a || !docEl.contains(a)) return null;
  const keyed = a.closest('[data-key]');
  if (!keyed) return null;
  return { key: keyed.dataset.key, tag: a.tagName, value: a.value, orig: a.dataset.orig,
           start: a.selectionStart, end: a.selectionEnd };
}

function restoreFocus(f) {
  if (!f) return;
  const sel = `[data-key="${CSS.escape(f.key)}"]`;
  if (f.tag === 'TEXTAREA') {
    const root = docEl.querySelector(`.tx[data-ptr="${CSS.escape(f.key)}"]`);
    if (!root) return;
    const area = root.openEditor(f.start);
    if (f.value !== f.orig && f.value !== area.value) {
      area.value = f.value;
      area.setSelectionRange(f.start, f.end);
      area.dispatchEvent(new Event('input'));
    }
    return;
  }
  const node = docEl.querySelector(sel);
  if (!node) return;
  if (f.tag === 'INPUT' && node.tagName === 'INPUT' && f.value !== f.orig) node.value = f.value;
  node.focus({ preventScroll: true });
  if (typeof f.start === 'number' && node.setSelectionRange && node.type === 'text') {
    try { node.setSelectionRange(f.start, f.end); } catch (e) { /* not a text field */ }
  }
}

function render() {
  const s = ctx.state;
  const focus = captureFocus();
  const scroll = docEl.scrollTop;
  ctx.rendering = true;
  ctx.shown = new Set();
  try {
    docEl.replaceChildren(...renderDocument(ctx).filter(Boolean));
    placeUnshown();
    $('#outline').replaceChildren(outline(ctx));
    $('#todo').replaceChildren(...[todoPanel(ctx)].flat());
    $('#checks').replaceChildren(diagnosticsPanel(ctx));
    docEl.scrollTop = scroll;
    restoreFocus(focus);
  } finally {
    ctx.rendering = false;
  }
  const errors = (s.diagnostics || []).filter((d) => d.severity === 'error').length;
  const warnings = (s.diagnostics || []).length - errors;
  $('#tab-todo .n').textContent = (s.todo || []).length;
  $('#tab-checks .n').textContent = errors + warnings;
  $('#file').textContent = s.file;
  document.title = `${s.file} – Tertial`;
  $('#undo').disabled = !s.can_undo;
  $('#redo').disabled = !s.can_redo;
  $('#summary').textContent = `${errors} fel · ${warnings} varningar · ${(s.todo || []).length} att göra`;
  $('#summary').className = errors ? 'has-errors' : '';
  showDiskBanner(s.disk_changed);
}

// A diagnostic whose exact place has no field of its own goes to the nearest one that has.
function placeUnshown() {
  for (const d of ctx.state.diagnostics || []) {
    if (ctx.shown.has(d)) continue;
    let p = d.pointer;
    let host = null;
    while (p && !(host = docEl.querySelector(`[data-ptr="${CSS.escape(p)}"]`))) p = p.slice(0, p.lastIndexOf('/'));
    if (!host) continue;
    let msgs = [...host.children].find((c) => c.classList.contains('msgs'));
    if (!msgs) {
      msgs = el('div.msgs');
      host.append(msgs);
    }
    msgs.append(...diagnosticList(ctx, [d]));
  }
}

// ---- changes ------------------------------------------------------------------------

let pending = 0;
function busy(delta) {
  pending += delta;
  saveState.textContent = pending ? 'Sparar …' : 'Allt sparat';
  saveState.classList.toggle('saving', pending > 0);
}

async function send(call, fieldPtr) {
  busy(1);
  try {
    const state = await call();
    ctx.errors.clear();
    setState(state);
    return true;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 409) {
      notify(e.message || 'Rapporten har ändrats; läser in den igen.');
      await refresh();
    } else {
      const details = (e.body.diagnostics || []).map((d) => d.message).filter((m) => m !== e.message);
      ctx.errors.set(fieldPtr || '', [e.message, ...details].join(' '));
      if (!fieldPtr || !docEl.querySelector(`[data-ptr="${CSS.escape(fieldPtr)}"]`)) notify(e.message);
      render();
    }
    return false;
  } finally {
    busy(-1);
  }
}

function edit(ops, fieldPtr) {
  if (!ops.length) return Promise.resolve(true);  // nothing to change (a field left blank)
  return send(() => api.edit(ops), fieldPtr);
}

async function refresh() {
  setState(await api.state());
}

function undo() {
  if (ctx.state.can_undo) send(() => api.undo());
}

function redo() {
  if (ctx.state.can_redo) send(() => api.redo());
}

// ---- navigation, figures, messages ----------------------------------------------------

function navigate(pointer, focus, editIt) {
  let p = pointer;
  let node = null;
  while (p && !(node = docEl.querySelector(`[data-ptr="${CSS.escape(p)}"]`))) p = p.slice(0, p.lastIndexOf('/'));
  if (!node) return;
  node.scrollIntoView({ block: 'center', behavior: 'instant' });
  ctx.currentPtr = pointer;
  schedulePreview();
  if (!focus) return;
  const heading = node.querySelector(':scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6');
  let target = editIt ? node.querySelector('.tx-read, textarea, input:not([readonly]), select') : null;
  if (node.matches('input, select, textarea')) target = node;
  if (!target) target = heading || node.querySelector('.tx-read, input, select, textarea, [tabindex]');
  if (target) target.focus();
  node.classList.remove('flash');
  void node.offsetWidth;
  node.classList.add('flash');
}

const KIND_WORD = { entered: 'inmatad', computed: 'beräknad', todo: 'att fylla i', empty: 'tom' };

function openFigure(id, anchor) {
  closeFigure();
  const fig = ctx.figById.get(id);
  const box = el('div.popover#figure-pop', { role: 'dialog', 'aria-label': `Figuren ${id}` },
    el('p.pop-id', {}, el('code', {}, `{{${id}}}`)),
    fig ? [
      el('p.pop-label', {}, fig.label || ''),
      el('p.pop-val', {}, fig.printed || 'inget värde än', ' ', el('span.hint', {}, `(${KIND_WORD[fig.kind] || fig.kind})`)),
      fig.calc ? el('p', {}, 'Beräknas: ', el('code', {}, fig.calc)) : null,
    ] : el('p.msg.msg-error', {}, 'Ingen figur har detta id.'),
    el('div.actions', {},
      fig && fig.pointer ? el('button.btn.secondary', { type: 'button',
        onclick: () => { closeFigure(); navigate(fig.pointer, true); } }, 'Gå till figuren') : null,
      el('button.btn', { type: 'button', onclick: () => closeFigure(anchor) }, 'Stäng')));
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeFigure(anchor);
  });
  document.body.append(box);
  const r = anchor.getBoundingClientRect();
  box.style.left = Math.min(r.left, window.innerWidth - box.offsetWidth - 12) + 'px';
  box.style.top = Math.min(r.bottom + 6, window.innerHeight - box.offsetHeight - 12) + 'px';
  box.querySelector('button:last-child').focus();
}

function closeFigure(returnTo) {
  const box = $('#figure-pop');
  if (box) box.remove();
  if (returnTo && returnTo.isConnected && returnTo.focus) returnTo.focus();
}

document.addEventListener('mousedown', (e) => {
  if (!e.target.closest('#figure-pop, .ref, .chip')) closeFigure();
});

let toastTimer = 0;
function notify(text) {
  const t = $('#toast');
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 6000);
}

// ---- preview ------------------------------------------------------------------------

function pageOf(pointer) {
  let best = null;
  for (const [prefix, page] of ctx.state.pages || []) {
    if ((pointer === prefix || pointer.startsWith(prefix + '/') || prefix === '') &&
        (!best || prefix.length > best[0].length)) best = [prefix, page];
  }
  return best ? best[1] : 1;
}

let shownPreview = '';
const schedulePreview = debounce(() => {
  if (!ctx.state || $('#app').classList.contains('panel-hidden')) return;
  const frame = $('#preview');
  const page = pageOf(ctx.currentPtr || '');
  const url = api.previewUrl(ctx.state.revision, page);
  if (url === shownPreview) return;
  shownPreview = url;
  $('#preview-page').textContent = `sidan ${page}`;
  frame.src = url;
}, 350);

docEl.addEventListener('focusin', (e) => {
  const holder = e.target.closest('[data-ptr]');
  if (!holder || ctx.rendering) return;
  ctx.currentPtr = holder.dataset.ptr;
  schedulePreview();
});

// ---- disk watch -----------------------------------------------------------------------

function showDiskBanner(on) {
  $('#disk-banner').hidden = !on;
}

async function poll() {
  try {
    const s = await api.status();
    if (s.disk_changed) showDiskBanner(true);
    else if (ctx.state && s.revision !== ctx.state.revision && !pending) await refresh();
  } catch (e) {
    notify(e.message);
  }
}

// ---- wiring -------------------------------------------------------------------------

function tabs() {
  const list = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab) => {
    for (const t of list) {
      const on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      $('#' + t.getAttribute('aria-controls')).hidden = !on;
    }
    if (tab.id === 'tab-preview') schedulePreview();
  };
  list.forEach((t, i) => {
    t.addEventListener('click', () => select(t));
    t.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = list[(i + d + list.length) % list.length];
      next.focus();
      select(next);
    });
  });
  ctx.selectTab = (id) => select($('#' + id));
}

function dirtyField() {
  const a = document.activeElement;
  return a && (a.tagName === 'TEXTAREA' || a.tagName === 'INPUT') && a.dataset.orig !== undefined &&
         a.value !== a.dataset.orig;
}

document.addEventListener('keydown', (e) => {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
  const k = e.key.toLowerCase();
  if (k !== 'z' && k !== 'y') return;
  if (dirtyField()) return;  // the field's own undo first
  if (e.target.closest && e.target.closest('#import-form')) return;  // the import's own fields
  e.preventDefault();
  if (k === 'y' || e.shiftKey) redo();
  else undo();
});

$('#undo').addEventListener('click', undo);
$('#redo').addEventListener('click', redo);
$('#reload').addEventListener('click', () => send(() => api.reload()));
$('#toggle-panel').addEventListener('click', () => {
  const hidden = $('#app').classList.toggle('panel-hidden');
  $('#toggle-panel').setAttribute('aria-expanded', hidden ? 'false' : 'true');
  $('#toggle-panel').textContent = hidden ? 'Visa panelen' : 'Dölj panelen';
  if (!hidden) schedulePreview();
});
tabs();
setupImport(ctx);

refresh().then(() => {
  busy(0);
  setInterval(poll, 2000);
  document.body.classList.add('ready');
}).catch((e) => {
  docEl.replaceChildren(el('p.msg.msg-error', { role: 'alert' }, `Kunde inte läsa rapporten: ${e.message}`));
});
