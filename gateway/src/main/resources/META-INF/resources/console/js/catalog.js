// Storefront preview: the public catalog, fetched without the token as a customer's browser would.
import {get, query} from './api.js';
import {h, field, input, select, busy, pager, periodName, money} from './ui.js';

const filters = {productType: '', q: '', page: 0};

export async function preview(main) {
  const box = h('div');
  const grid = h('div');
  const productTypes = await busy(null, box, () => get('product-types')) || [];
  const productType = select([['', 'Any'], ...productTypes.map(p => [p.code, p.name])]);
  const q = input({type: 'search'});
  productType.value = filters.productType;
  q.value = filters.q;
  main.append(h('h1', {}, 'Storefront preview'),
      h('p.muted', {}, 'What customers see: enabled tariff plans with their selling prices.'),
      h('form.card.inline#catalog-filters', {role: 'search', onsubmit: e => {
        e.preventDefault();
        Object.assign(filters, {productType: productType.value, q: q.value.trim(), page: 0});
        load();
      }}, field('Product type', productType), field('Search', q), h('button', {type: 'submit'}, 'Search')),
      box, grid);

  async function load() {
    const result = await busy(null, box, () => get('catalog' + query({productType: filters.productType,
      q: filters.q, page: filters.page, size: 24, sort: 'name'}), {anonymous: true}));
    if (!result) return;
    grid.replaceChildren(result.items.length ? h('div.cards#catalog', {}, result.items.map(t =>
      h('article.card', {dataset: {id: t.id}}, h('h2', {}, t.name),
          h('p.muted', {}, `${t.provider || ''} · ${t.productType}`),
          h('ul', {}, t.prices.map(p => h('li', {}, `${periodName(p.period)}: ${money(p.amount, p.currency)}`))))))
      : h('p#catalog-empty', {}, 'Nothing on sale.'),
    pager(result, p => { filters.page = p; load(); }, 'Catalog'));
  }
  await load();
}
