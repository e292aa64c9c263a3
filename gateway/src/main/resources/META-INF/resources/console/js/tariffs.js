// Tariff plans: filtered, paged list with multi-select enable/disable; the import wizard with its dry run and
// progress; the edit form with upstream cost and margin per period.
import {call, get, isAdmin, query} from './api.js';
import {h, fill, field, input, select, announce, busy, clearProblems, showProblem, pager, periodName, money} from './ui.js';

const PAGE_SIZE = 20;
/** The list's filters and page survive going to a tariff and back. */
const filters = {productType: '', processingModuleId: '', status: '', q: '', page: 0};

export async function list(main) {
  const box = h('div');
  const results = h('div#bulk-results');
  const tableBox = h('div');
  const [productTypes, modulesPage] = await Promise.all([
    busy(null, box, () => get('product-types')), busy(null, box, () => get('processing-modules?size=500'))]);
  const moduleNames = new Map((modulesPage?.items || []).map(m => [m.id, m.name]));
  const productType = select([['', 'Any'], ...(productTypes || []).map(p => [p.code, p.name])], {name: 'productType'});
  const module = select([['', 'Any'], ...moduleNames.entries()], {name: 'processingModuleId'});
  const status = select([['', 'Any'], ['enabled', 'Enabled'], ['disabled', 'Disabled']], {name: 'status'});
  const q = input({type: 'search', name: 'q'});
  productType.value = filters.productType;
  module.value = filters.processingModuleId;
  status.value = filters.status;
  q.value = filters.q;
  const filterForm = h('form.card.inline#tariff-filters', {role: 'search', onsubmit: e => {
    e.preventDefault();
    Object.assign(filters, {productType: productType.value, processingModuleId: module.value, status: status.value,
      q: q.value.trim(), page: 0});
    load();
  }}, field('Product type', productType), field('Module', module), field('Status', status),
  field('Name contains', q), h('button', {type: 'submit'}, 'Filter'));

  const selectAll = h('input#select-all', {type: 'checkbox', 'aria-label': 'Select all on this page'});
  const enable = h('button.primary#enable-selected', {type: 'button', onclick: e => bulk(e.target, 'enable', false)},
      'Enable selected');
  const disable = h('button#disable-selected', {type: 'button', onclick: e => bulk(e.target, 'disable', false)},
      'Disable selected');
  main.append(h('h1', {}, 'Tariff plans'), filterForm,
      h('div.toolbar', {}, isAdmin() ? [enable, disable] : null, h('span.spacer'),
          isAdmin() ? h('a.button#import-plans', {href: '#/tariffs/import'}, 'Import plans') : null),
      box, results, tableBox);

  let page = null;
  // What a bulk action just set, shown until tariff-service (which learns it from an event) lists it too.
  const expected = new Map();
  let recheck = 0;
  const selected = () => [...tableBox.querySelectorAll('input.pick:checked')].map(c => c.value);
  selectAll.addEventListener('change', () => tableBox.querySelectorAll('input.pick')
      .forEach(c => { c.checked = selectAll.checked; }));

  async function load() {
    const result = await busy(null, box, () => get('tariffs' + query({productType: filters.productType,
      processingModuleId: filters.processingModuleId, status: filters.status, q: filters.q, page: filters.page,
      size: PAGE_SIZE})));
    if (!result) return;
    page = result;
    const keep = new Set(selected());
    selectAll.checked = false;
    for (const [id, want] of expected) {
      const t = result.items.find(x => x.id === id);
      if (!t || t.status === want) expected.delete(id);
    }
    if (expected.size && recheck++ < 20) setTimeout(() => tableBox.isConnected && load(), 500);
    const rows = result.items.map(t => h('tr', {dataset: {id: t.id}},
        isAdmin() ? h('td', {}, h('input.pick', {type: 'checkbox', value: t.id, checked: keep.has(t.id),
          'aria-label': 'Select ' + t.name}))
          : null,
        h('td', {}, h('a', {href: '#/tariffs/' + t.id}, t.name)),
        h('td', {}, expected.has(t.id) ? h('span.badge.warn', {}, expected.get(t.id) + ' (updating)') : statusBadge(t)),
        h('td', {}, flags(t)),
        h('td', {}, t.prices.map(p => h('div', {}, `${periodName(p.period)}: ${money(p.amount, p.currency)}`))),
        h('td.hide-narrow', {}, t.productType), h('td.hide-narrow', {}, t.provider || '—'),
        h('td.hide-narrow', {}, moduleNames.get(t.processingModuleId) || t.processingModuleId)));
    tableBox.replaceChildren(h('div.table-wrap', {}, h('table#tariffs', {},
        h('caption.visually-hidden', {}, 'Tariff plans'),
        h('thead', {}, h('tr', {}, isAdmin() ? h('th', {scope: 'col'}, selectAll) : null,
            ['Name', 'Status', 'Flags', 'Selling prices'].map(c => h('th', {scope: 'col'}, c)),
            ['Product type', 'Provider', 'Module'].map(c => h('th.hide-narrow', {scope: 'col'}, c)))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colSpan: 8}, 'No tariff plan matches.'))))),
    pager(result, p => { filters.page = p; load(); }, 'Tariff plans'));
  }

  /** Enable or disable the selected tariffs; shows one result per row, and offers selling below cost. */
  async function bulk(button, action, allowBelowCost) {
    const ids = allowBelowCost ? bulk.belowCostIds : selected();
    results.replaceChildren();
    if (!ids.length) { announce('Select one or more tariff plans first'); return; }
    const r = await busy(button, results, () => call('POST', 'tariffs/' + action, {ids, allowBelowCost}));
    if (!r) return;
    const names = new Map(page.items.map(t => [t.id, t.name]));
    const ok = r.body.results.filter(x => !x.error);
    const failed = r.body.results.filter(x => x.error);
    ok.forEach(x => expected.set(x.id, x.status));
    recheck = 0;
    bulk.belowCostIds = failed.filter(x => /below-cost$/.test(x.error.type || '')).map(x => x.id);
    const summary = `${action === 'enable' ? 'Enable' : 'Disable'}: ${ok.length} done, ${failed.length} refused`;
    results.replaceChildren(h('div.card', {}, h('h2', {}, summary),
        h('ul#row-results', {}, r.body.results.map(x => h('li', {dataset: {id: x.id}},
            h('strong', {}, names.get(x.id) || x.id), ': ',
            x.error ? h('span.badge.bad', {}, `${x.error.title} (${x.error.status})`)
              : h('span.badge.ok', {}, x.status),
            x.error?.detail ? ' ' + x.error.detail : ''))),
        bulk.belowCostIds.length ? h('div.actions', {}, h('button.danger#sell-below-cost', {type: 'button',
          onclick: e => bulk(e.target, 'enable', true)},
        `Sell below cost anyway (${bulk.belowCostIds.length})`)) : null));
    announce(summary);
    tableBox.querySelectorAll('input.pick').forEach(c => { c.checked = false; });
    await load();
  }
  await load();
}

function statusBadge(t) {
  return h('span.badge.' + (t.status === 'enabled' ? 'ok' : 'plain'), {}, t.status);
}

function flags(t) {
  return [
    t.belowCost ? h('span.badge.bad', {}, 'below cost') : null,
    t.allowBelowCost ? h('span.badge.warn', {}, 'sold below cost on purpose') : null,
    t.upstreamRemoved ? h('span.badge.bad', {}, 'removed upstream') : null,
    t.upstreamAvailable === false ? h('span.badge.warn', {}, 'unavailable upstream') : null,
    t.disabledReason ? h('span.badge.bad', {}, 'taken off sale: ' + t.disabledReason) : null,
  ];
}

/** Name and selling price per period, with the upstream cost and the margin beside each. */
export async function edit(main, id) {
  const box = h('div');
  main.append(box);
  let t = await busy(null, box, () => get('tariffs/' + id));
  if (!t) return;
  const heading = h('h1', {}, t.name);
  main.prepend(heading);
  const name = input({value: t.name, required: true});
  const amounts = t.prices.map(p => input({value: p.amount, inputMode: 'decimal', dataset: {period: p.period}}));
  const margins = t.prices.map(() => h('td.num'));
  const allow = h('input#allow-below-cost', {type: 'checkbox', checked: t.allowBelowCost});
  const save = h('button.primary#save-tariff', {type: 'submit'}, 'Save');

  function updateMargins() {
    t.prices.forEach((p, i) => {
      const amount = Number(amounts[i].value);
      const cost = Number(p.upstreamCost);
      if (!amounts[i].value || Number.isNaN(amount) || p.upstreamCost == null) {
        margins[i].textContent = '—';
        return;
      }
      const margin = amount - cost;
      const percent = amount > 0 ? ` (${((margin / amount) * 100).toFixed(1)} %)` : '';
      margins[i].replaceChildren(h('span', {className: margin < 0 ? 'badge bad' : ''},
          `${margin.toFixed(2)} ${p.currency}${percent}`));
    });
  }
  amounts.forEach(a => a.addEventListener('input', updateMargins));
  updateMargins();

  const rows = t.prices.map((p, i) => h('tr', {}, h('th', {scope: 'row'}, periodName(p.period)),
      h('td', {}, field(`Selling price, ${periodName(p.period)} (${p.currency})`, amounts[i],
          {name: `prices[${i}].amount`})),
      h('td.num', {}, money(p.upstreamCost, p.currency)), margins[i]));
  const form = h('form.card#tariff-edit', {novalidate: true, onsubmit: async e => {
    e.preventDefault();
    const body = {version: t.version, name: name.value.trim(),
      prices: t.prices.map((p, i) => ({period: p.period, amount: amounts[i].value.trim()}))};
    if (allow.checked) body.allowBelowCost = true;
    clearProblems(form, box);
    save.disabled = true;
    try {
      t = (await call('PATCH', 'tariffs/' + t.id, body)).body;
    } catch (err) {
      // The margin guard refused: offer to sell below cost on purpose, next to the prices it names.
      if (/below-cost$/.test(showProblem(err, box, form).type || '')) allowRow.hidden = false;
      return;
    } finally {
      save.disabled = false;
    }
    heading.textContent = t.name;
    box.replaceChildren(h('div.success', {}, 'Saved.'));
    announce(`Tariff plan ${t.name} saved`);
  }},
  h('p.muted', {}, `${t.productType} · provider ${t.provider || '—'} · upstream plan ${t.upstreamTariffId} · `,
      statusBadge(t), ' ', flags(t)),
  field('Name', name, {name: 'name'}),
  h('div.table-wrap', {}, h('table#prices', {}, h('caption', {}, 'Prices per period'),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Period'), h('th', {scope: 'col'}, 'Selling price'),
          h('th.num', {scope: 'col'}, 'Upstream cost'), h('th.num', {scope: 'col'}, 'Margin'))),
      h('tbody', {}, rows))),
  h('div.field', {dataset: {field: 'prices'}}, h('div.error', {hidden: true})),
  h('div.actions', {}, save, h('a.button', {href: '#/tariffs'}, 'Back to the list')));
  // Offered when it matters (an enabled tariff priced below cost) or already chosen.
  const allowRow = h('div.field', {hidden: !t.allowBelowCost},
      h('label.choice', {}, allow, 'Sell below upstream cost on purpose (allowBelowCost)'));
  form.insertBefore(allowRow, form.querySelector('.actions'));
  if (!isAdmin()) {
    // Read-only for viewers: nothing to save.
    form.querySelectorAll('input').forEach(i => { i.readOnly = true; });
    save.remove();
  }
  main.append(form, await servingModules(id));
}

/** The modules that may serve the tariff's orders, in the order they are tried (set through the API). */
async function servingModules(id) {
  const box = h('div');
  const [served, modulesPage] = await Promise.all([busy(null, box, () => get('tariffs/' + id + '/modules')),
    busy(null, box, () => get('processing-modules?size=500'))]);
  const modules = new Map((modulesPage?.items || []).map(m => [m.id, m]));
  const rows = (served?.modules || []).map(s => modules.get(s.processingModuleId) ? {...s, module: modules.get(
      s.processingModuleId)} : {...s, module: {name: s.processingModuleId, sort: null}})
    .sort((a, b) => (a.module.sort ?? 0) - (b.module.sort ?? 0) || a.module.name.localeCompare(b.module.name));
  return h('div.card', {}, box, h('div.table-wrap', {}, h('table#tariff-modules', {},
      h('caption', {}, 'Processing modules that serve it (an order goes to the first that can take it)'),
      h('thead', {}, h('tr', {}, ['Module', 'Sort', 'Upstream plan', ''].map(c => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, rows.map(r => h('tr', {dataset: {id: r.processingModuleId}},
          h('td', {}, h('a', {href: '#/modules/' + r.processingModuleId}, r.module.name)),
          h('td', {}, r.module.sort ?? '—'), h('td', {}, r.upstreamTariffId),
          h('td', {}, r.importedFrom ? 'imported from' : '')))))));
}

const IMPORT_STEPS = ['Module', 'Product type', 'Plans', 'Provider', 'Review changes', 'Import'];

/** Module → product type → plans (or all) → provider, then the dry run, then the job with a progress bar. */
export async function importWizard(main) {
  const box = h('div');
  const stepsList = h('ol.steps', {'aria-label': 'Steps'}, IMPORT_STEPS.map(s => h('li', {}, s)));
  const form = h('form.card#import-wizard', {novalidate: true});
  main.append(h('h1', {}, 'Import tariff plans'), stepsList, box, form);
  const [modulesPage, productTypes] = await Promise.all([busy(null, box, () => get('processing-modules?size=500')),
    busy(null, box, () => get('product-types'))]);
  if (!modulesPage || !productTypes) return;
  const modules = [...modulesPage.items].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
  const state = {step: 0, upstream: []};

  const moduleSet = h('fieldset', {dataset: {field: 'processingModuleId'}}, h('legend', {}, 'Processing module'),
      modules.length ? modules.map((m, i) => h('label.choice', {}, h('input', {type: 'radio', name: 'module', value: m.id,
        checked: i === 0}), `${m.name} (${m.productType})`)) : h('p', {}, 'Add a processing module first.'),
      h('div.error', {hidden: true}));
  const typeSet = h('fieldset', {dataset: {field: 'productType'}}, h('legend', {}, 'Product type'));
  const all = h('input#all-plans', {type: 'checkbox'});
  const plansBody = h('tbody');
  const plansSet = h('fieldset', {dataset: {field: 'upstreamTariffIds'}}, h('legend', {}, 'Plans offered upstream'),
      h('label.choice', {}, all, 'All plans of this product type (also ones added upstream later)'),
      h('div.table-wrap', {}, h('table#upstream-plans', {}, h('thead', {}, h('tr', {},
          h('th', {scope: 'col'}, h('span.visually-hidden', {}, 'Import')), h('th', {scope: 'col'}, 'Plan'),
          h('th', {scope: 'col'}, 'Upstream cost'), h('th', {scope: 'col'}, 'State'))), plansBody)),
      h('div.error', {hidden: true}));
  const provider = input({name: 'provider', required: true, value: 'My Company'});
  const review = h('div#dry-run');
  const progressBar = h('progress#import-progress', {max: 1, value: 0});
  const progressText = h('p#import-progress-text', {'aria-live': 'polite'});
  const jobResult = h('div#import-result');
  const panels = [
    h('div', {}, moduleSet),
    h('div', {}, typeSet),
    h('div', {}, plansSet),
    h('div', {}, field('Provider', provider, {name: 'provider', hint: 'Shown to customers in the storefront'})),
    h('div', {}, review),
    h('div', {}, h('label', {htmlFor: 'import-progress'}, 'Progress'), progressBar, progressText, jobResult),
  ];
  const back = h('button#back', {type: 'button', onclick: () => show(state.step - 1)}, 'Back');
  const next = h('button.primary#next', {type: 'submit'}, 'Next');
  const confirm = h('button.primary#confirm-import', {type: 'submit'}, 'Confirm import');
  const cancel = h('a.button', {href: '#/tariffs'}, 'Cancel');
  form.append(...panels, h('div.actions', {}, back, next, confirm, cancel));

  all.addEventListener('change', () => plansBody.querySelectorAll('input').forEach(c => {
    c.checked = all.checked;
    c.disabled = all.checked;
  }));
  const moduleId = () => form.querySelector('input[name=module]:checked')?.value;
  const productType = () => form.querySelector('input[name=productType]:checked')?.value;
  const picked = () => [...plansBody.querySelectorAll('input:checked')].map(c => c.value);
  const request = dryRun => {
    const body = {processingModuleId: moduleId(), productType: productType(), provider: provider.value.trim()};
    if (!all.checked) body.upstreamTariffIds = picked();
    if (dryRun) body.dryRun = true;
    return body;
  };

  function show(step) {
    state.step = step;
    panels.forEach((p, i) => { p.hidden = i !== step; });
    [...stepsList.children].forEach((li, i) => (i === step ? li.setAttribute('aria-current', 'step')
        : li.removeAttribute('aria-current')));
    back.hidden = step === 0 || step === 5;
    next.hidden = step >= 4;
    confirm.hidden = step !== 4;
    cancel.textContent = step === 5 ? 'Back to tariff plans' : 'Cancel';
    // Focus the step's first control, or (review, progress) the button that moves on.
    (panels[step].querySelector('input:not([disabled]), button') || (step === 4 ? confirm : cancel)).focus();
    announce(`Step ${step + 1} of ${panels.length}: ${IMPORT_STEPS[step]}`);
  }

  function refuse(fieldName, message) {
    const problem = {title: 'Missing choice', detail: message, errors: [{field: fieldName, message}]};
    showProblem({problem}, box, form);
    return false;
  }

  async function leave(step) {
    clearProblems(form, box);
    if (step === 0) {
      if (!moduleId()) return refuse('processingModuleId', 'choose a processing module');
      const m = modules.find(x => x.id === moduleId());
      fill(typeSet, h('legend', {}, 'Product type'), productTypes.map(p => h('label.choice', {},
          h('input', {type: 'radio', name: 'productType', value: p.code, checked: p.code === m.productType}), p.name,
          p.code === m.productType ? ' (what this module serves)' : '')), h('div.error', {hidden: true}));
      return true;
    }
    if (step === 1) {
      if (!productType()) return refuse('productType', 'choose a product type');
      const page = await busy(null, box, () => get(`processing-modules/${moduleId()}/upstream-tariffs`
          + query({productType: productType(), size: 500})));
      if (!page) return false;
      plansBody.replaceChildren(...page.items.map(p => h('tr', {},
          h('td', {}, h('input', {type: 'checkbox', value: p.upstreamId, checked: all.checked, disabled: all.checked,
            id: 'plan-' + p.upstreamId})),
          h('td', {}, h('label', {htmlFor: 'plan-' + p.upstreamId}, p.name)),
          h('td', {}, p.prices.map(x => h('div', {}, `${periodName(x.period)}: ${money(x.amount, x.currency)}`))),
          h('td', {}, p.imported ? h('span.badge.ok', {}, 'imported') : h('span.badge', {}, 'new'),
              p.available ? null : h('span.badge.warn', {}, 'not orderable now')))));
      if (!page.items.length) {
        plansBody.append(h('tr', {}, h('td', {colSpan: 4}, 'The upstream offers no plan of this type.')));
      }
      return true;
    }
    if (step === 2) {
      return all.checked || picked().length ? true : refuse('upstreamTariffIds', 'tick one or more plans, or all');
    }
    if (step === 3) {
      if (!provider.value.trim()) return refuse('provider', 'required');
      const r = await busy(null, box, () => call('POST', 'tariff-imports', request(true)), form);
      if (!r) return false;
      renderDiff(r.body);
      return true;
    }
    return true;
  }

  function renderDiff(d) {
    const section = (title, id, items, text) => h('section', {}, h('h2', {}, `${title} (${items.length})`),
        items.length ? h('ul.diff#' + id, {}, items.map(x => h('li', {}, text(x)))) : h('p.muted', {}, 'None.'));
    review.replaceChildren(h('p', {}, 'Nothing is changed until you confirm.'),
        section('New plans', 'diff-create', d.create, x => `${x.name} (upstream ${x.upstreamId})`),
        section('Upstream cost changes', 'diff-costs', d.costChanges,
            x => `plan ${x.upstreamId}, ${periodName(x.period)}: ${x.oldCost ?? 'new period'} → ${x.newCost}`
                + ` ${x.currency}`),
        section('Plans gone upstream', 'diff-removed', d.removedUpstream,
            x => `plan ${x.upstreamId} (tariff ${x.tariffId}) will be flagged and taken off sale`));
  }

  async function run() {
    const r = await busy(confirm, box, () => call('POST', 'tariff-imports', request(false)), form);
    if (!r) return;
    show(5);
    announce('Import started');
    // Same origin whatever host the Location names (a proxy in front of the gateway).
    const jobPath = new URL(r.location, window.location.href).pathname;
    let job;
    do {
      job = await busy(null, box, () => get(jobPath));
      if (!job) return;
      progressBar.max = Math.max(job.total, 1);
      progressBar.value = job.processed;
      progressText.textContent = `${job.processed} of ${job.total || '?'} plans · ${job.status}`;
      if (job.status === 'queued' || job.status === 'running') await new Promise(res => setTimeout(res, 400));
    } while (job.status === 'queued' || job.status === 'running');
    const summary = `Import ${job.status}: ${job.created} created, ${job.updated} updated, ${job.failed} failed`;
    fill(jobResult, h('div.' + (job.status === 'succeeded' ? 'success' : 'problem'), {role: 'status'}, summary),
        job.errors?.length ? h('ul', {}, job.errors.map(e => h('li', {}, `${e.upstreamId || ''} ${e.message}`))) : null);
    announce(summary);
    cancel.focus();
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (state.step === 4) { await run(); return; }
    if (await leave(state.step)) show(state.step + 1);
  });
  show(0);
}
