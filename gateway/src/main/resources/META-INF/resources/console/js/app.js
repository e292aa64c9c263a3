// Sign-in, navigation and routing (#/section/...). Each view renders into <main>.
import {token, signIn, signOut, claims, isAdmin} from './api.js';
import {h, field, announce, forgetOldAnnouncement} from './ui.js';
import * as modules from './modules.js';
import * as tariffs from './tariffs.js';
import * as orders from './orders.js';
import * as catalog from './catalog.js';

const routes = [
  [/^#\/modules\/new$/, modules.wizard],
  [/^#\/modules\/([\w-]+)$/, modules.detail],
  [/^#\/modules$/, modules.list],
  [/^#\/tariffs\/import$/, tariffs.importWizard],
  [/^#\/tariffs\/([\w-]+)$/, tariffs.edit],
  [/^#\/tariffs$/, tariffs.list],
  [/^#\/orders\/([\w-]+)$/, orders.detail],
  [/^#\/orders$/, orders.list],
  [/^#\/catalog$/, catalog.preview],
];

async function route() {
  const main = document.getElementById('main');
  const nav = document.getElementById('nav');
  if (!token()) {
    nav.hidden = true;
    renderWho();
    main.replaceChildren(signInForm());
    return;
  }
  nav.hidden = false;
  renderWho();
  const hash = location.hash || '#/modules';
  for (const link of nav.querySelectorAll('a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const match = routes.map(([re, view]) => [hash.match(re), view]).find(([m]) => m);
  if (!match) { location.hash = '#/modules'; return; }
  const [m, view] = match;
  main.replaceChildren();
  forgetOldAnnouncement();
  await view(main, ...m.slice(1));
  const heading = main.querySelector('h1');
  if (heading) document.title = heading.textContent + ' · Reseller console';
}

function renderWho() {
  const who = document.getElementById('who');
  const c = claims();
  if (!token()) { who.replaceChildren(); return; }
  const role = isAdmin() ? 'admin' : 'viewer (read only)';
  who.replaceChildren(h('span', {id: 'role'}, `${c?.upn || c?.sub || 'signed in'} · ${role}`),
      h('button', {type: 'button', onclick: () => { signOut(); announce('Signed out'); route(); }}, 'Sign out'));
}

function signInForm() {
  const area = h('textarea#token', {rows: 5, required: true, autocomplete: 'off', spellcheck: false});
  const form = h('form.card', {onsubmit: e => {
    e.preventDefault();
    if (!area.value.trim()) { announce('Paste a token first'); area.focus(); return; }
    signIn(area.value);
    announce('Signed in');
    if (!location.hash || location.hash === '#/') location.hash = '#/modules'; else route();
  }},
  h('h1', {}, 'Sign in'),
  h('p', {}, 'Paste a bearer token. The local stack prints one when it starts (also in .local/admin.token and ',
      '.local/viewer.token). It is kept only for this browser tab.'),
  field('Bearer token', area),
  h('button.primary', {type: 'submit'}, 'Sign in'));
  setTimeout(() => area.focus());
  return form;
}

window.addEventListener('hashchange', route);
route();
