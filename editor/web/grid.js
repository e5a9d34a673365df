// A table of the report as a grid: entered cells take what people type (the server parses
// Swedish amounts), computed cells show value and formula, a block pasted from a
// spreadsheet fills a range in one change, and arrows, Enter and Tab move between cells.
import { el, ptr, printAmount, uid } from './util.js';
import { textField } from './text.js';
import { diagnosticList } from './diagnostics.js';

export function reviewRemoval(row, rowPtr, colId) {
  if (!row.review || !(colId in row.review)) return [];
  return Object.keys(row.review).length === 1
    ? [{ op: 'remove', path: `${rowPtr}/review` }]
    : [{ op: 'remove', path: ptr(`${rowPtr}/review`, colId) }];
}

function cellKind(col) {
  return col.kind || 'amount';
}

export function tableGrid(ctx, table, tablePtr) {
  const cols = table.columns || [];
  const caption = table.caption || `Tabell ${table.id}`;
  const detailId = uid('d');
  const grid = el('table.grid', { dataset: { table: tablePtr } },
    el('caption', {}, caption, table.unit ? el('span.unit', {}, ` (${table.unit})`) : null),
    el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col', class: 'k-' + cellKind(c) }, c.title)))));
  const body = el('tbody');
  (table.rows || []).forEach((row, r) => body.append(tableRow(ctx, table, row, r, tablePtr, detailId)));
  grid.append(body);

  const detail = el('p.cell-detail', { id: detailId, 'aria-live': 'polite' }, 'Välj en cell.');
  const wrap = el('div.grid-wrap', { dataset: { ptr: tablePtr } }, el('div.grid-scroll', {}, grid), detail);
  const refused = ctx.errors.get(tablePtr);
  const msgs = el('div.msgs', {}, refused ? el('p.msg.msg-refused', { role: 'alert' }, refused) : null,
    diagnosticList(ctx, ctx.diagnosticsUnder(tablePtr, true)));
  wrap.append(msgs);

  grid.addEventListener('keydown', (e) => navigate(grid, e));
  grid.addEventListener('paste', (e) => paste(ctx, table, tablePtr, grid, e));
  grid.addEventListener('focusin', (e) => {
    const cell = e.target.closest('[data-r]');
    if (cell) detail.textContent = cell.dataset.detail || '';
  });
  return wrap;
}

function tableRow(ctx, table, row, r, tablePtr, detailId) {
  const rowPtr = `${tablePtr}/rows/${r}`;
  const kind = row.kind || 'normal';
  const tr = el('tr', { class: 'row-' + kind, dataset: { ptr: rowPtr } });
  if (kind === 'heading') {
    tr.append(el('th', { scope: 'rowgroup', colspan: table.columns.length }, row.label));
    return tr;
  }
  table.columns.forEach((col, c) => {
    const k = cellKind(col);
    if (k === 'label') {
      tr.append(el('th', { scope: 'row', class: row.review && row.review[col.id] ? 'review' : undefined,
                           title: row.calc ? `${row.label}: beräknas ${row.calc}` : row.label }, row.label));
      return;
    }
    const cellPtr = ptr(`${rowPtr}/cells`, col.id);
    const raw = row.cells ? row.cells[col.id] : undefined;
    const review = row.review ? row.review[col.id] : undefined;
    const name = `${row.label}, ${col.title}`;
    if (k === 'text') {
      const field = textField(ctx, {
        pointer: cellPtr, value: typeof raw === 'string' ? raw : '', label: name, compact: true,
        review, ops: (v) => [...textCellOps(row, rowPtr, col.id, v), ...reviewRemoval(row, rowPtr, col.id)],
      });
      field.dataset.r = r;
      field.dataset.c = c;
      field.dataset.detail = `${name}: text`;
      tr.append(el('td.k-text' + (review ? '.review' : ''), {}, field));
      return;
    }
    tr.append(amountCell(ctx, { row, rowPtr, col, cellPtr, raw, review, name, r, c, detailId }));
  });
  return tr;
}

function textCellOps(row, rowPtr, colId, value, created) {
  if (created && !row.cells) {
    if (created.has(rowPtr)) return [{ op: 'add', path: ptr(`${rowPtr}/cells`, colId), value }];
    created.add(rowPtr);
  }
  if (!row.cells) return [{ op: 'add', path: `${rowPtr}/cells`, value: { [colId]: value } }];
  return [{ op: colId in row.cells ? 'replace' : 'add', path: ptr(`${rowPtr}/cells`, colId), value }];
}

function entered(raw) {
  return typeof raw === 'string' || (raw && typeof raw === 'object' && 'value' in raw);
}

// A cell with a calculation (its own, its column's or its row's) computes unless a value is
// entered in it; the server says so only once the figure has a value.
function calcOf(row, col, raw) {
  return (raw && typeof raw === 'object' && raw.calc) || col.calc || row.calc || null;
}

function isComputed(info, row, col, raw) {
  return (info.computed || !!calcOf(row, col, raw)) && !entered(raw) && !(raw && raw.todo === true);
}

function amountCell(ctx, a) {
  const info = (ctx.state.cells && ctx.state.cells[a.cellPtr]) || {};
  const todo = a.raw && typeof a.raw === 'object' && a.raw.todo === true;
  const computed = isComputed(info, a.row, a.col, a.raw);
  if (!info.calc) info.calc = calcOf(a.row, a.col, a.raw) || undefined;
  const printed = info.printed ?? (typeof a.raw === 'string' ? printAmount(a.raw) : '');
  const diags = ctx.diagnosticsUnder(a.cellPtr);
  const refused = ctx.errors.get(a.cellPtr);
  const figure = info.figure ? `{{${info.figure}}}` : '';
  let detail;
  if (computed) detail = `${a.name} = ${printed || 'tom'} · beräknad: ${info.calc || ''} ${figure}`;
  else if (todo) detail = `${a.name}: att fylla i ${figure}`;
  else detail = `${a.name}: inmatad ${figure}` + (info.calc ? ` · kontrolleras mot ${info.calc}` : '');
  if (a.review) detail += ` · att granska${a.review.note ? ': ' + a.review.note : ''}`;
  if (diags.length) detail += ' · ' + diags.map((d) => d.message).join(' · ');
  if (refused) detail += ' · ' + refused;

  const cls = ['cell', computed ? 'computed' : 'entered', todo ? 'todo' : '', a.review ? 'review' : '',
               diags.some((d) => d.severity === 'error') || refused ? 'invalid' : diags.length ? 'warn' : '']
    .filter(Boolean).join(' ');
  const input = el('input', {
    type: 'text', class: cls, value: printed, 'aria-label': a.name + (computed ? ' (beräknad)' : ''),
    readonly: computed, tabindex: computed ? -1 : 0, inputmode: computed ? undefined : 'decimal',
    placeholder: todo ? 'fyll i' : undefined, autocomplete: 'off', spellcheck: 'false',
    title: computed ? `Beräknad: ${info.calc || ''}` : todo ? 'Att fylla i' : undefined,
    'aria-invalid': refused || diags.some((d) => d.severity === 'error') ? 'true' : undefined,
    'aria-describedby': a.detailId,
    dataset: { r: a.r, c: a.c, key: a.cellPtr, orig: printed, detail, ptr: a.cellPtr },
  });
  if (!computed) {
    input.addEventListener('focus', () => input.select());
    input.addEventListener('blur', () => {
      if (!ctx.rendering) commit(ctx, input, a);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') input.value = input.dataset.orig;
    });
  }
  return el('td', { class: 'k-amount' + (computed ? ' td-computed' : '') }, input,
            refused ? el('span.cell-error', { role: 'alert' }, refused) : null);
}

function commit(ctx, input, a) {
  if (input.value === input.dataset.orig) return;
  input.dataset.orig = input.value;
  ctx.edit([{ op: 'amount', path: a.cellPtr, text: input.value }, ...reviewRemoval(a.row, a.rowPtr, a.col.id)],
           a.cellPtr);
}

function cellAt(grid, r, c) {
  return grid.querySelector(`[data-r="${r}"][data-c="${c}"]`);
}

function focusCell(cell) {
  if (!cell) return false;
  if (cell.classList.contains('tx')) cell.querySelector('.tx-read, textarea').focus();
  else cell.focus();
  return true;
}

function move(grid, from, dr, dc) {
  let r = Number(from.dataset.r);
  let c = Number(from.dataset.c);
  const rows = grid.tBodies[0].rows.length;
  const cols = grid.tHead.rows[0].cells.length;
  for (let i = 0; i < Math.max(rows, cols); i++) {
    r += dr;
    c += dc;
    if (r < 0 || c < 0 || r >= rows || c >= cols) return false;
    if (focusCell(cellAt(grid, r, c))) return true;
  }
  return false;
}

function navigate(grid, e) {
  const t = e.target;
  if (t.tagName !== 'INPUT' || !t.dataset.r) return;
  const atStart = t.selectionStart === 0 && t.selectionEnd === 0;
  const atEnd = t.selectionStart === t.value.length && t.selectionEnd === t.value.length;
  const all = t.selectionStart === 0 && t.selectionEnd === t.value.length;
  let moved = false;
  switch (e.key) {
    case 'ArrowUp': moved = move(grid, t, -1, 0); break;
    case 'ArrowDown': moved = move(grid, t, 1, 0); break;
    case 'ArrowLeft': if (atStart || all) moved = move(grid, t, 0, -1); break;
    case 'ArrowRight': if (atEnd || all) moved = move(grid, t, 0, 1); break;
    case 'Enter': t.blur(); moved = move(grid, t, e.shiftKey ? -1 : 1, 0) || (t.focus(), true); break;
    default: return;
  }
  if (moved) e.preventDefault();
}

// Tab-separated rows as Excel and LibreOffice copy them; a quoted cell may hold tabs/newlines.
export function parseClipboard(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function paste(ctx, table, tablePtr, grid, e) {
  const start = e.target.closest('[data-r]');
  if (!start) return;
  const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
  if (!/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''))) return;  // one value: the field takes it
  e.preventDefault();
  const block = parseClipboard(text);
  const r0 = Number(start.dataset.r);
  const c0 = Number(start.dataset.c);
  const ops = [];
  const created = new Set();
  const computedPasted = [];
  let skipped = 0;
  let outside = 0;
  block.forEach((values, i) => values.forEach((value, j) => {
    const r = r0 + i;
    const c = c0 + j;
    const row = table.rows[r];
    const col = table.columns[c];
    if (!row || !col) { outside += 1; return; }
    const rowPtr = `${tablePtr}/rows/${r}`;
    const k = cellKind(col);
    if (k === 'label' || (row.kind || 'normal') === 'heading') { skipped += value.trim() ? 1 : 0; return; }
    const cellPtr = ptr(`${rowPtr}/cells`, col.id);
    const raw = row.cells ? row.cells[col.id] : undefined;
    const info = (ctx.state.cells && ctx.state.cells[cellPtr]) || {};
    if (k === 'text') {
      ops.push(...textCellOps(row, rowPtr, col.id, value, created));
      return;
    }
    if (isComputed(info, row, col, raw)) {
      if (value.trim()) computedPasted.push({ cellPtr, value, name: `${row.label}, ${col.title}` });
      return;
    }
    if (!value.trim() && (raw === undefined || raw === null)) return;  // empty stays empty
    ops.push({ op: 'amount', path: cellPtr, text: value }, ...reviewRemoval(row, rowPtr, col.id));
  }));
  skipped += computedPasted.length;
  const notes = [];
  if (skipped) notes.push(`${skipped} ${skipped === 1 ? 'beräknad cell' : 'beräknade celler'} hoppades över`);
  if (outside) notes.push(`${outside} ${outside === 1 ? 'värde' : 'värden'} utanför tabellen`);
  if (!ops.length) {
    ctx.notify('Inget att klistra in här' + (notes.length ? ': ' + notes.join(', ') : '') + '.');
    return;
  }
  const cells = ops.filter((o) => o.op === 'amount' || o.path.includes('/cells')).length;
  ctx.edit(ops, tablePtr).then((ok) => {
    if (!ok) return;
    // a pasted total that the computed one does not match is worth saying
    const norm = (t) => String(t).replace(/[\s\u00a0]/g, '').replace('\u2212', '-');
    const differ = computedPasted.filter((c) => {
      const now = ctx.state.cells && ctx.state.cells[c.cellPtr];
      return now && now.printed && norm(now.printed) !== norm(c.value);
    }).map((c) => `${c.name}: inklistrat ${c.value}, beräknat ${ctx.state.cells[c.cellPtr].printed}`);
    ctx.notify(`${cells} celler inklistrade` + (notes.length ? ` (${notes.join(', ')})` : '') + '.' +
               (differ.length ? ` Stämmer inte: ${differ.join('; ')}.` : ''));
  });
}
