// The side panels: the outline (left) and "Att göra" (to-dos, review marks, diagnostics).
import { el, getAt, parentPtr } from './util.js';
import { fixLabel } from './diagnostics.js';

function counts(item) {
  const parts = [];
  if (item.todos) parts.push(['todo', item.todos, `${item.todos} att fylla i`]);
  if (item.reviews) parts.push(['review', item.reviews, `${item.reviews} att granska`]);
  if (item.errors) parts.push(['error', item.errors, `${item.errors} fel`]);
  if (item.warnings) parts.push(['warning', item.warnings, `${item.warnings} ${item.warnings === 1 ? 'varning' : 'varningar'}`]);
  return parts.map(([cls, n, text]) => el('span.count.count-' + cls, { title: text }, el('span.sr', {}, text),
                                          el('span', { 'aria-hidden': 'true' }, String(n))));
}

export function outline(ctx) {
  const list = (items) => el('ol', {}, items.map((it) => el('li', {},
    el('a', { href: '#', dataset: { go: it.pointer }, onclick: (e) => { e.preventDefault(); ctx.navigate(it.pointer, true); } },
       it.number ? el('span.num', {}, it.number) : null, el('span.t', {}, it.title), el('span.counts', {}, counts(it))),
    it.children && it.children.length ? list(it.children) : null)));
  const items = [...(ctx.state.outline || [])].filter((it) =>
    it.pointer !== '/cover_letter/background' || getAt(ctx.state.report, it.pointer) !== undefined);
  if (ctx.state.report.figures && ctx.state.report.figures.length) {
    const diags = (ctx.state.diagnostics || []).filter((d) => d.pointer.startsWith('/figures/'));
    const todos = (ctx.state.todo || []).filter((t) => t.pointer.startsWith('/figures/')).length;
    items.splice(items[0] && items[0].pointer === '/meta' ? 1 : 0, 0, {
      title: 'Figurer i texten', pointer: '/figures', children: [], todos,
      errors: diags.filter((d) => d.severity === 'error').length,
      warnings: diags.filter((d) => d.severity !== 'error').length });
  }
  return list(items);
}

// The field a to-do item asks for: where "Redigera" puts the cursor.
export function fieldOf(report, pointer) {
  const m = /^(.*)\/review\/([^/]+)$/.exec(pointer);
  if (m && /\/rows\/\d+$/.test(m[1])) return `${m[1]}/cells/${m[2]}`;
  if (pointer.endsWith('/proposals_review')) return '/cover_letter/proposals/0';
  const owner = pointer.endsWith('/review') || pointer.endsWith('/todo') ? parentPtr(pointer) : pointer;
  const node = getAt(report, owner);
  if (node && typeof node === 'object') {
    if (node.type === 'paragraph') return `${owner}/text`;
    if (node.type === 'list') return `${owner}/items/0`;
    if (node.type === 'chart') return `${owner}/alt`;
    if ('comment' in node && Array.isArray(node.comment)) return `${owner}/comment/${node.comment.length ? 0 : 0}`;
    if ('comment' in node) return node.todo ? `${owner}/value` : `${owner}/comment`;
    if ('id' in node && ('todo' in node || 'value' in node)) return `${owner}/value`;
  }
  if (pointer.startsWith('/meta/todo')) {
    const what = getAt(report, pointer);
    return what === 'signatures' ? '/cover_letter/signatures' : `/meta/${what}`;
  }
  return owner;
}

// This year's text as it will print (references as values), where the server rendered it.
function current(ctx, t, field) {
  const rendered = ctx.state.texts && ctx.state.texts[field];
  const text = typeof rendered === 'string' && t.current && !t.current.includes('\n') ? rendered : t.current;
  return text ? text.split('\n').map((p) => el('p', {}, p)) : el('p.hint', {}, 'ej skrivet än');
}

function isFigureReview(report, pointer) {
  const m = /^(.*\/rows\/\d+)\/review\/([^/]+)$/.exec(pointer);
  if (!m) return false;
  const table = getAt(report, parentPtr(parentPtr(m[1])));
  const col = table && (table.columns || []).find((c) => c.id === m[2]);
  return !!col && (col.kind || 'amount') === 'amount';
}

const KIND = { review: 'Granska', todo: 'Fyll i', meta: 'Fyll i' };
const SECTION = { 'Cover letter (tjänsteskrivelse)': 'Tjänsteskrivelse', 'Report details (meta)': 'Uppgifter om rapporten',
                  'Named figures': 'Figurer i texten' };

// The checker's to-do lines begin "to fill in: " / "to review: "; the kind is shown in Swedish.
function what(t) {
  return t.what.replace(/^(to fill in|to review|to write): /, '');
}

export function todoPanel(ctx) {
  const items = ctx.state.todo || [];
  if (!items.length) return el('p.empty', {}, 'Inget kvar att göra. ', el('strong', {}, 'Bra jobbat!'));
  const groups = new Map();
  for (const t of items) {
    const name = SECTION[t.section] || t.section || '';
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(t);
  }
  return [...groups].map(([name, list]) => el('section.todo-group', { 'aria-label': name },
    el('h3.todo-group-title', {}, name, ' ', el('span.n', {}, String(list.length))), todoItems(ctx, list)));
}

function todoItems(ctx, items) {
  return el('ol.todo-list', {}, items.map((t) => {
    const field = fieldOf(ctx.state.report, t.pointer);
    const prev = t.previous && t.previous.length ? t.previous : null;
    const figure = isFigureReview(ctx.state.report, t.pointer);
    const actions = [];
    if (t.kind === 'review') {
      actions.push(el('button.btn', { type: 'button', title: figure ? 'Godta värdet och ta bort markeringen'
                                                                   : 'Behåll texten som den är och ta bort markeringen',
                                      'aria-label': `${figure ? 'Godta' : 'Behåll'}: ${what(t)}`,
                                      onclick: () => ctx.edit(t.accept, t.pointer) },
                      figure ? 'Godta' : 'Behåll'));
      actions.push(el('button.btn.secondary', { type: 'button', 'aria-label': `Redigera: ${what(t)}`,
                                                onclick: () => ctx.navigate(field, true, true) }, 'Redigera'));
    } else {
      actions.push(el('button.btn.secondary', { type: 'button', 'aria-label': `Fyll i: ${what(t)}`,
                                                onclick: () => ctx.navigate(field, true, true) }, 'Fyll i'));
    }
    return el('li.todo-item.todo-' + t.kind, { dataset: { item: t.pointer } },
      el('p.todo-what', {}, el('span.sr', {}, `${KIND[t.kind] || t.kind}: `), what(t),
         t.note ? el('span.todo-note', {}, ` – ${t.note}`) : null),
      prev || t.current !== undefined ? el('div.compare', {},
        el('div', {}, el('p.label', {}, 'Förra året'), prev ? prev.map((p) => el('p', {}, p)) : el('p.hint', {}, '–')),
        el('div', {}, el('p.label', {}, 'I år'), current(ctx, t, field))) : null,
      el('div.actions', {}, actions));
  }));
}

export function diagnosticsPanel(ctx) {
  const diags = ctx.state.diagnostics || [];
  if (!diags.length) return el('p.empty', {}, 'Inga fel eller varningar.');
  return el('ol.diag-list', {}, diags.map((d) => el('li.diag.diag-' + d.severity, {},
    el('p', {}, el('span.msg-word', {}, d.severity === 'error' ? 'Fel' : 'Varning'), ' ', el('code', {}, d.code)),
    el('p', {}, d.message),
    el('div.actions', {},
      el('button.btn.secondary', { type: 'button', 'aria-label': `Gå till: ${d.message}`,
                                   onclick: () => ctx.navigate(d.pointer, true, true) }, 'Visa'),
      d.fix ? el('button.btn', { type: 'button', onclick: () => ctx.edit(d.fix.ops, d.pointer) }, fixLabel(ctx, d.fix.label)) : null))));
}
