// Processing modules: list with balances, the add wizard in BILLmanager's order, edit, delete, alerts.
import {call, get, isAdmin, query} from './api.js';
import {h, fill, field, input, announce, busy, clearProblems, showProblem, money, when} from './ui.js';

const ONE_ACCOUNT = 'One upstream account may serve one reselling installation only. Do not use this account '
    + 'from another installation: orders and balances would mix.';

export async function list(main) {
  const box = h('div');
  const body = h('tbody');
  main.append(h('h1', {}, 'Processing modules'),
      h('div.toolbar', {}, h('span.spacer'),
          isAdmin() ? h('a.button.primary#add-module', {href: '#/modules/new'}, 'Add processing module') : null),
      box,
      h('div.table-wrap', {}, h('table#modules', {},
          h('caption.visually-hidden', {}, 'Processing modules, lowest sort first'),
          h('thead', {}, h('tr', {}, h('th.num', {scope: 'col'}, 'Sort'), h('th', {scope: 'col'}, 'Name'),
              h('th', {scope: 'col'}, 'Product type'), h('th.hide-narrow', {scope: 'col'}, 'Data center'),
              h('th.hide-narrow', {scope: 'col'}, 'Department'), h('th.num', {scope: 'col'}, 'Balance'),
              h('th.num.hide-narrow', {scope: 'col'}, 'Minimal balance'))),
          body)));
  const result = await busy(null, box, () => get('processing-modules?size=500'));
  if (!result) return;
  const items = [...result.items].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
  if (!items.length) body.append(h('tr', {}, h('td', {colSpan: 7}, 'No processing module yet.')));
  for (const m of items) {
    const balance = h('td.num', {}, '…');
    body.append(h('tr', {dataset: {id: m.id}}, h('td.num', {}, m.sort),
        h('td', {}, h('a', {href: '#/modules/' + m.id}, m.name)), h('td', {}, m.productType),
        h('td.hide-narrow', {}, m.dataCenter || '—'), h('td.hide-narrow', {}, m.department || '—'), balance,
        h('td.num.hide-narrow', {}, money(m.minimalBalance, m.currency))));
    get(`processing-modules/${m.id}/balance`).then(b => balance.replaceChildren(balanceText(b)))
        .catch(e => balance.replaceChildren(h('span.badge.bad', {}, 'unknown: ' + e.message)));
  }
}

function balanceText(b) {
  if (b.balance === null || b.balance === undefined) return h('span.badge.warn', {}, b.error || 'not checked yet');
  return h('span', {}, money(b.balance, b.currency), ' ',
      b.belowMinimum ? h('span.badge.bad', {title: 'Below the minimal balance ' + b.minimalBalance}, 'below minimum')
          : null);
}

const STEPS = ['Product type', 'Module type', 'Integration settings', 'Parameters', 'Check and finish'];

/** Add: product type → module type → integration settings → parameters → connection check → Finish. */
export async function wizard(main) {
  const state = {step: 0, checked: null};
  const box = h('div');
  const stepsList = h('ol.steps', {'aria-label': 'Steps'}, STEPS.map(s => h('li', {}, s)));
  const form = h('form.card#module-wizard', {novalidate: true});
  main.append(h('h1', {}, 'Add processing module'), stepsList, box, form);

  const productTypes = await busy(null, box, () => get('product-types'));
  if (!productTypes) return;
  const typeChoices = h('fieldset', {}, h('legend', {}, 'What will this module sell?'),
      productTypes.map((p, i) => h('label.choice', {}, h('input', {type: 'radio', name: 'productType', value: p.code,
          checked: i === 0}), p.name)));
  const moduleTypeChoices = h('fieldset', {dataset: {field: 'moduleType'}}, h('legend', {}, 'Module type'));
  const url = input({type: 'url', name: 'url', required: true, placeholder: 'https://my.example.com/billmgr'});
  const username = input({name: 'username', required: true, autocomplete: 'off'});
  const password = input({type: 'password', name: 'password', required: true, autocomplete: 'new-password'});
  const name = input({name: 'name', required: true, maxLength: 100});
  const dataCenter = input({name: 'dataCenter'});
  const department = input({name: 'department'});
  const sort = input({type: 'number', name: 'sort', value: '0', step: '1'});
  const minimalBalance = input({name: 'minimalBalance', inputMode: 'decimal', placeholder: '100.00'});
  const checkResult = h('div#connection-result');
  const panels = [
    h('div', {}, typeChoices),
    h('div', {}, moduleTypeChoices),
    h('div', {}, h('div.notice', {}, ONE_ACCOUNT),
        field('Upstream BILLmanager URL', url, {name: 'integration.url', hint: 'https, or a host the operator allows'}),
        field('Username', username, {name: 'integration.username'}),
        field('Password', password, {name: 'integration.password', hint: 'Stored encrypted, never shown again'})),
    h('div', {}, field('Name', name, {name: 'name'}), field('Data center', dataCenter, {name: 'dataCenter'}),
        field('Department', department, {name: 'department', hint: 'Who gets tasks and alerts'}),
        field('Sort', sort, {name: 'sort', hint: 'Lower is tried first'}),
        field('Minimal balance', minimalBalance, {name: 'minimalBalance',
          hint: 'An alert goes to the department when the upstream balance falls below it'})),
    h('div', {}, h('p', {}, 'The connection is checked against the upstream before the module is saved.'),
        h('button#check-connection', {type: 'button', onclick: e => check(e.target)}, 'Check connection'),
        checkResult),
  ];
  const back = h('button', {type: 'button', onclick: () => show(state.step - 1)}, 'Back');
  const next = h('button.primary#next', {type: 'submit'}, 'Next');
  const finish = h('button.primary#finish', {type: 'submit', disabled: true}, 'Finish');
  form.append(...panels, h('div.actions', {}, back, next, finish,
      h('a.button', {href: '#/modules'}, 'Cancel')));

  function body() {
    const integration = {url: url.value.trim(), username: username.value.trim(), password: password.value};
    return {
      productType: form.querySelector('input[name=productType]:checked')?.value,
      moduleType: form.querySelector('input[name=moduleType]:checked')?.value,
      integration, name: name.value.trim(), dataCenter: dataCenter.value.trim() || null,
      department: department.value.trim() || null, sort: sort.value === '' ? 0 : Number(sort.value),
      minimalBalance: minimalBalance.value.trim() || null,
    };
  }

  async function check(button) {
    const b = body();
    state.checked = null;
    finish.disabled = true;
    checkResult.replaceChildren();
    const r = await busy(button, checkResult, () => call('POST', 'processing-modules/check-connection',
        {moduleType: b.moduleType, integration: b.integration}), form);
    if (!r) return;
    state.checked = JSON.stringify(b.integration);
    finish.disabled = false;
    const text = `Connected as ${r.body.account}; balance ${money(r.body.balance, r.body.currency)}`;
    checkResult.append(h('div.success', {}, text));
    announce(text + '. You can finish now.');
  }

  async function loadModuleTypes() {
    const code = body().productType;
    const types = await busy(null, box, () => get('module-types' + query({productType: code})));
    if (!types) return false;
    fill(moduleTypeChoices, h('legend', {}, 'Module type'),
        types.map((t, i) => h('label.choice', {}, h('input', {type: 'radio', name: 'moduleType', value: t.code,
            checked: i === 0}), t.name)));
    return true;
  }

  function show(step) {
    state.step = step;
    panels.forEach((p, i) => { p.hidden = i !== step; });
    [...stepsList.children].forEach((li, i) => (i === step ? li.setAttribute('aria-current', 'step')
        : li.removeAttribute('aria-current')));
    back.disabled = step === 0;
    next.hidden = step === panels.length - 1;
    finish.hidden = step !== panels.length - 1;
    // A changed account needs a new check before Finish.
    if (step === panels.length - 1 && state.checked !== JSON.stringify(body().integration)) finish.disabled = true;
    panels[step].querySelector('input, button')?.focus();
    announce(`Step ${step + 1} of ${panels.length}: ${STEPS[step]}`);
  }

  function stepValid(step) {
    const required = panels[step].querySelectorAll('input[required]');
    for (const el of required) {
      if (!el.value.trim()) {
        clearProblems(form, box);
        showProblem({problem: {title: 'Missing value', detail: 'Fill in the fields marked below',
          errors: [{field: el.closest('[data-field]').dataset.field, message: 'required'}]}}, box, form);
        return false;
      }
    }
    return true;
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (state.step < panels.length - 1) {
      if (!stepValid(state.step)) return;
      clearProblems(form, box);
      if (state.step === 0 && !(await loadModuleTypes())) return;
      show(state.step + 1);
      return;
    }
    const created = await busy(finish, box, () => call('POST', 'processing-modules', body()), form);
    if (!created) {
      // The server names fields of earlier steps: go to the first step that has one.
      const bad = form.querySelector('[aria-invalid=true]');
      const at = panels.findIndex(p => p.contains(bad));
      if (at >= 0 && at !== state.step) { show(at); bad.focus(); }
      return;
    }
    announce(`Processing module ${created.body.name} created`);
    location.hash = '#/modules/' + created.body.id;
  });
  show(0);
}

/** One module: its settings (editable by an admin), balance, alerts and delete. */
export async function detail(main, id) {
  const box = h('div');
  main.append(box);
  const m = await busy(null, box, () => get('processing-modules/' + id));
  if (!m) return;
  main.prepend(h('h1', {}, m.name));
  const balanceBox = h('div.card#balance', {}, h('h2', {}, 'Balance'), '…');
  const alertsBox = h('div.card#alerts', {}, h('h2', {}, 'Alerts'), '…');
  main.append(isAdmin() ? editForm(m) : readOnly(m), balanceBox, alertsBox);
  if (isAdmin()) main.append(deleteCard(m));

  get(`processing-modules/${id}/balance`).then(b => balanceBox.replaceChildren(h('h2', {}, 'Balance'),
      h('dl.props', {}, h('dt', {}, 'Balance'), h('dd', {}, balanceText(b)),
          h('dt', {}, 'Minimal balance'), h('dd', {}, money(b.minimalBalance, b.currency)),
          h('dt', {}, 'Checked'), h('dd', {}, when(b.checkedAt)))))
      .catch(e => showProblem(e, balanceBox));
  get(`processing-modules/${id}/alerts?size=20`).then(page => alertsBox.replaceChildren(h('h2', {}, 'Alerts'),
      page.items.length ? h('ul', {}, page.items.map(a => h('li', {}, `${when(a.createdAt)} · ${a.kind}`,
          a.balance ? ` · balance ${money(a.balance, a.currency)}` : '', a.reason ? ` · ${a.reason}` : '',
          a.tariffId ? ` · tariff ${a.tariffId}` : '', a.department ? ` → ${a.department}` : '')))
          : h('p.muted', {}, 'No alerts.')))
      .catch(e => showProblem(e, alertsBox));
}

function readOnly(m) {
  return h('div.card', {}, h('dl.props', {},
      [['Product type', m.productType], ['Module type', m.moduleType], ['URL', m.integration?.url],
        ['Username', m.integration?.username], ['Data center', m.dataCenter], ['Department', m.department],
        ['Sort', m.sort], ['Minimal balance', money(m.minimalBalance, m.currency)], ['Updated', when(m.updatedAt)]]
          .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')])));
}

function editForm(m) {
  const box = h('div');
  const url = input({type: 'url', value: m.integration.url, required: true});
  const username = input({value: m.integration.username, required: true, autocomplete: 'off'});
  const password = input({type: 'password', autocomplete: 'new-password'});
  const passwordHint = h('span', {}, 'Leave empty to keep the stored password');
  const name = input({value: m.name, required: true, maxLength: 100});
  const dataCenter = input({value: m.dataCenter || ''});
  const department = input({value: m.department || ''});
  const sort = input({type: 'number', value: m.sort, step: '1'});
  const minimalBalance = input({value: m.minimalBalance || '', inputMode: 'decimal'});
  const save = h('button.primary#save-module', {type: 'submit'}, 'Save');
  // Stored credentials never follow a new address: a changed URL or username needs the password again.
  const addressChanged = () => url.value.trim() !== m.integration.url
      || username.value.trim() !== m.integration.username;
  const onAddress = () => {
    password.required = addressChanged();
    passwordHint.textContent = addressChanged() ? 'Required: the URL or username changed, so enter the password again'
        : 'Leave empty to keep the stored password';
  };
  url.addEventListener('input', onAddress);
  username.addEventListener('input', onAddress);
  const form = h('form.card#module-edit', {novalidate: true, onsubmit: async e => {
    e.preventDefault();
    const integration = {url: url.value.trim(), username: username.value.trim()};
    if (password.value) integration.password = password.value;
    const body = {version: m.version, productType: m.productType, moduleType: m.moduleType, integration,
      name: name.value.trim(), dataCenter: dataCenter.value.trim() || null, department: department.value.trim() || null,
      sort: sort.value === '' ? 0 : Number(sort.value), minimalBalance: minimalBalance.value.trim() || null};
    if (addressChanged() && !password.value) {
      clearProblems(form, box);
      showProblem({problem: {title: 'Password needed', status: 422, detail: 'The URL or username changed',
        errors: [{field: 'integration.password', message: 'enter the password for the new address'}]}}, box, form);
      return;
    }
    const r = await busy(save, box, () => call('PUT', 'processing-modules/' + m.id, body), form);
    if (!r) return;
    Object.assign(m, r.body);
    password.value = '';
    onAddress();
    box.replaceChildren(h('div.success', {}, 'Saved.'));
    announce(`Processing module ${m.name} saved`);
  }},
  h('h2', {}, 'Settings'), h('p.muted', {}, `${m.productType} · ${m.moduleType}`), box,
  h('div.notice', {}, ONE_ACCOUNT),
  field('Upstream BILLmanager URL', url, {name: 'integration.url'}),
  field('Username', username, {name: 'integration.username'}),
  field('Password', password, {name: 'integration.password', hint: passwordHint}),
  field('Name', name, {name: 'name'}), field('Data center', dataCenter, {name: 'dataCenter'}),
  field('Department', department, {name: 'department'}), field('Sort', sort, {name: 'sort'}),
  field('Minimal balance', minimalBalance, {name: 'minimalBalance'}),
  h('div.actions', {}, save, h('a.button', {href: '#/modules'}, 'Back to the list')));
  return form;
}

function deleteCard(m) {
  const box = h('div');
  const confirmRow = h('div.actions', {hidden: true},
      h('button.danger#confirm-delete', {type: 'button', onclick: async e => {
        const r = await busy(e.target, box, () => call('DELETE', 'processing-modules/' + m.id));
        if (!r) return;
        announce(`Processing module ${m.name} deleted`);
        location.hash = '#/modules';
      }}, 'Yes, delete it'),
      h('button', {type: 'button', onclick: () => { confirmRow.hidden = true; ask.focus(); }}, 'Keep it'));
  const ask = h('button.danger#delete-module', {type: 'button', onclick: () => {
    confirmRow.hidden = false;
    confirmRow.querySelector('button').focus();
  }}, 'Delete module');
  return h('div.card', {}, h('h2', {}, 'Delete'),
      h('p', {}, 'A module cannot be deleted while any of its tariffs is on sale.'), ask, confirmRow, box);
}
