// Small DOM helpers shared by the views: element building, labelled fields, problems, announcements.

/** h('button.primary#save', {onclick}, 'Save'): a tag with classes and an id, its props, its children. */
export function h(spec, props = {}, ...children) {
  const [tag, ...parts] = spec.split(/(?=[#.])/);
  const el = document.createElement(tag);
  for (const part of parts) {
    if (part[0] === '#') el.id = part.slice(1);
    else el.classList.add(part.slice(1));
  }
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && !k.includes('-') && k !== 'list') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

/** Replaces the children of {@code el}; like h(), takes arrays and skips null. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let fieldCounter = 0;

/**
 * A labelled form field. {@code name} is the API field it edits ("integration.url", "prices[0].amount"):
 * problems naming it are shown under it. Returns the wrapper; the control is {@code wrapper.control}.
 */
export function field(labelText, control, {name, hint} = {}) {
  const id = control.id || ('f' + (++fieldCounter));
  control.id = id;
  const hintEl = hint ? h('div.hint', {id: id + '-hint'}, hint) : null;
  const errorEl = h('div.error', {id: id + '-error', hidden: true});
  control.setAttribute('aria-describedby', [hintEl?.id, errorEl.id].filter(Boolean).join(' '));
  const wrapper = h('div.field', {dataset: name ? {field: name} : {}}, h('label', {htmlFor: id}, labelText), control,
      hintEl, errorEl);
  wrapper.control = control;
  return wrapper;
}

export function input(props = {}) {
  return h('input', Object.assign({type: 'text'}, props));
}

export function select(options, props = {}) {
  return h('select', props, options.map(([value, text]) => h('option', {value}, text)));
}

let announcedAt = 0;

/** Says {@code message} through the live region (and keeps it visible at the top). */
export function announce(message) {
  announcedAt = Date.now();
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh text node makes screen readers announce the same message twice in a row too.
  requestAnimationFrame(() => { region.textContent = message; });
}

/** On a new page: clears what was said on an earlier one (not what the action that led here just said). */
export function forgetOldAnnouncement() {
  if (Date.now() - announcedAt > 1000) document.getElementById('announcer').textContent = '';
}

/** Clears the problems shown under fields and in {@code box}. */
export function clearProblems(form, box) {
  form?.querySelectorAll('.field .error').forEach(e => { e.hidden = true; e.textContent = ''; });
  form?.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  if (box) box.replaceChildren();
}

/**
 * Shows an API problem: its title and detail in {@code box} (role=alert, so it is announced), and each
 * {errors[].field} next to the field of {@code form} that carries that name. The first such field gets focus.
 */
export function showProblem(error, box, form) {
  const problem = error.problem || {title: 'Error', detail: String(error.message || error)};
  const unplaced = [];
  let first = null;
  for (const fe of problem.errors || []) {
    const wrapper = form?.querySelector(`[data-field="${CSS.escape(fe.field)}"]`);
    if (wrapper) {
      const err = wrapper.querySelector('.error');
      err.hidden = false;
      err.textContent = (err.textContent ? err.textContent + '; ' : '') + fe.message;
      wrapper.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
      first = first || wrapper.querySelector('input, select, textarea');
    } else {
      unplaced.push(fe);
    }
  }
  const status = problem.status ? ` (${problem.status})` : '';
  box.replaceChildren(h('div.problem', {role: 'alert', dataset: {status: problem.status || ''}},
      h('strong', {}, problem.title + status), problem.detail ? ': ' + problem.detail : '',
      unplaced.length ? h('ul', {}, unplaced.map(fe => h('li', {}, `${fe.field}: ${fe.message}`))) : null));
  first?.focus();
  return problem;
}

/** Runs an async action with its button disabled; shows a failure in {@code box}. */
export async function busy(button, box, action, form) {
  if (button) button.disabled = true;
  clearProblems(form, box);
  try {
    return await action();
  } catch (e) {
    if (box) showProblem(e, box, form);
    else announce(e.message);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

export function periodName(period) {
  const p = Number(period);
  if (p === -100) return 'trial';
  if (p === -50) return 'daily';
  if (p === 0) return 'lifetime';
  if (p === 1) return '1 month';
  return p % 12 === 0 ? (p === 12 ? '1 year' : `${p / 12} years`) : `${p} months`;
}

export function money(amount, currency) {
  return amount === null || amount === undefined ? '—' : `${amount} ${currency || ''}`.trim();
}

export function when(ts) {
  return ts ? new Date(ts).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';
}

/** Prev/next paging for a page {page, size, total}; {@code go(page)} loads another. */
export function pager(result, go, label) {
  const pages = Math.max(1, Math.ceil(result.total / result.size));
  return h('nav.pager', {'aria-label': label + ' pages'},
      h('button', {type: 'button', disabled: result.page <= 0, onclick: () => go(result.page - 1)}, 'Previous'),
      h('span', {}, `Page ${result.page + 1} of ${pages} · ${result.total} in all`),
      h('button', {type: 'button', disabled: result.page + 1 >= pages, onclick: () => go(result.page + 1)}, 'Next'));
}
