// Diagnostics shown where they belong: the message, and the server's one-click fix.
import { el } from './util.js';

const WORD = { error: 'Fel', warning: 'Varning' };

export function fixLabel(ctx, label) {
  // "Bind till {{atgardsplan}}" -> the figure's printed value beside its id
  return label.replace(/\{\{([^{}|]+)(\|[^{}]*)?\}\}/g, (m, id) => {
    const fig = ctx.figById.get(id.trim());
    return fig && fig.printed ? `${m} (${fig.printed})` : m;
  });
}

export function diagnosticList(ctx, diags) {
  if (!diags.length) return [];
  return diags.map((d) => el('p.msg.msg-' + d.severity, {},
    el('span.msg-word', {}, WORD[d.severity] || d.severity), ' ',
    el('span.msg-text', {}, d.message),
    d.fix ? el('button.fix', {
      type: 'button',
      onclick: () => ctx.edit(d.fix.ops, d.pointer),
    }, fixLabel(ctx, d.fix.label)) : null));
}
