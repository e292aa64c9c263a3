// Orders: a filtered, paged list (newest first) and one order with its last action and the allowed actions.
import {call, get, isAdmin, query} from './api.js';
import {h, field, input, select, announce, busy, pager, periodName, when} from './ui.js';

const STATUSES = ['pending', 'active', 'suspended', 'closed', 'failed'];
/** What the API allows in each state (gateway-api.md section 6). */
const ALLOWED = {
  renew: ['active', 'suspended'], suspend: ['active'], resume: ['suspended'], close: ['active', 'suspended'],
};
const filters = {status: '', customerRef: '', page: 0};

export async function list(main) {
  const box = h('div');
  const tableBox = h('div');
  const status = select([['', 'Any'], ...STATUSES.map(s => [s, s])], {name: 'status'});
  const customerRef = input({name: 'customerRef'});
  status.value = filters.status;
  customerRef.value = filters.customerRef;
  main.append(h('h1', {}, 'Orders'),
      h('form.card.inline#order-filters', {role: 'search', onsubmit: e => {
        e.preventDefault();
        Object.assign(filters, {status: status.value, customerRef: customerRef.value.trim(), page: 0});
        load();
      }}, field('Status', status), field('Customer reference', customerRef), h('button', {type: 'submit'}, 'Filter')),
      h('p.muted', {}, 'Customers place orders through the API (POST /api/v1/orders); they are carried out upstream.'),
      box, tableBox);

  async function load() {
    const result = await busy(null, box, () => get('orders' + query({status: filters.status,
      customerRef: filters.customerRef, page: filters.page, size: 20})));
    if (!result) return;
    tableBox.replaceChildren(h('div.table-wrap', {}, h('table#orders', {},
        h('caption.visually-hidden', {}, 'Orders, newest first'),
        h('thead', {}, h('tr', {}, ['Order', 'Status', 'Customer', 'Period', 'Expires', 'Created']
            .map((c, i) => h(i > 3 ? 'th.hide-narrow' : 'th', {scope: 'col'}, c)))),
        h('tbody', {}, result.items.length ? result.items.map(o => h('tr', {dataset: {id: o.id}},
            h('td', {}, h('a', {href: '#/orders/' + o.id}, o.id.slice(0, 8))), h('td', {}, statusBadge(o.status)),
            h('td', {}, o.customerRef), h('td', {}, periodName(o.period)), h('td.hide-narrow', {}, when(o.expiresAt)),
            h('td.hide-narrow', {}, when(o.createdAt))))
          : h('tr', {}, h('td', {colSpan: 6}, 'No order matches.'))))),
    pager(result, p => { filters.page = p; load(); }, 'Orders'));
  }
  await load();
}

function statusBadge(status) {
  const kind = {active: 'ok', pending: 'warn', 'waiting-for-balance': 'warn', suspended: 'warn', failed: 'bad'}[status]
      || 'plain';
  return h('span.badge.' + kind, {dataset: {status}}, status);
}

/** One order; read again every second while it or its last action is pending. */
export async function detail(main, id) {
  const box = h('div');
  const view = h('div.card#order');
  const actions = h('div.actions#order-actions');
  let shownStatus = null;
  let tariffName = null;
  let moduleName = null;
  main.append(h('h1', {}, 'Order ' + id.slice(0, 8)), box, view, actions,
      h('p', {}, h('a', {href: '#/orders'}, 'Back to orders')));

  // A linked resource's name is read once; its link shows the id until then (and if the read fails).
  function showName(path, selector, remember) {
    get(path).then(resource => {
      remember(resource.name);
      const link = view.querySelector(selector);
      if (link) link.textContent = resource.name;
    }).catch(() => {});
  }

  async function load() {
    const o = await busy(null, box, () => get('orders/' + id));
    if (!o) return;
    const last = o.lastAction;
    view.replaceChildren(h('dl.props', {},
        [['Status', h('span#order-status', {}, statusBadge(o.status))],
          ['Tariff', h('a#order-tariff', {href: '#/tariffs/' + o.tariffId}, tariffName || o.tariffId)],
          ['Period', periodName(o.period)], ['Customer', o.customerRef],
          ['Served by module', h('a#order-module', {href: '#/modules/' + o.processingModuleId},
              moduleName || o.processingModuleId)],
          ['Upstream service', o.upstreamServiceId], ['License key', o.licenseKey], ['Expires', when(o.expiresAt)],
          ['Failure', o.failureReason],
          ['Last action', last ? h('span#last-action', {}, `${last.action}: `, statusBadge(last.status),
              last.error ? ' ' + last.error : '') : null],
          ['Created', when(o.createdAt)], ['Updated', when(o.updatedAt)]]
            .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')])));
    if (tariffName === null) {
      tariffName = '';
      showName('tariffs/' + o.tariffId, '#order-tariff', name => { tariffName = name; });
    }
    if (moduleName === null) {
      moduleName = '';
      showName('processing-modules/' + o.processingModuleId, '#order-module', name => { moduleName = name; });
    }
    // A renewal waiting for the module's balance goes ahead by itself; an admin may send it anyway.
    const waiting = last?.status === 'waiting-for-balance';
    const pending = o.status === 'pending' || last?.status === 'pending' || waiting;
    actions.replaceChildren(...(isAdmin() ? [
      ...Object.entries(ALLOWED).filter(([, states]) => states.includes(o.status))
        .map(([action]) => h('button#' + action + (action === 'close' ? '.danger' : ''), {type: 'button',
          disabled: pending, onclick: e => act(e.target, action)}, action[0].toUpperCase() + action.slice(1))),
      ...(waiting ? [h('button#force-renew', {type: 'button', onclick: e => act(e.target, 'renew', '?force=true')},
          'Renew anyway')] : [])]
      : []));
    if (shownStatus !== null && shownStatus !== o.status + '/' + last?.status) {
      announce(`Order is ${o.status}` + (last ? `; last action ${last.action} ${last.status}` : ''));
    }
    shownStatus = o.status + '/' + last?.status;
    // Polls only while this view is on screen.
    if (pending && view.isConnected) setTimeout(() => view.isConnected && load(), 1000);
  }

  async function act(button, action, options = '') {
    const r = await busy(button, box, () => call('POST', `orders/${id}/${action}${options}`));
    if (!r) return;
    announce(`${action} requested`);
    await load();
  }
  await load();
}
