/*
 * The Supervision tab, part 1 of 6: shared state and helpers (DOM building, dates, the API
 * client with the identity headers, Teams theme). Plain browser JavaScript, no framework, no
 * build step; the files share one namespace, `window.SupervisionTab`.
 * Inside Teams: app.initialize(), getContext() for the theme, authentication.getAuthToken() for
 * the SSO token sent as `Authorization: Bearer` to /api/tab. In local mode (no app id) a clearly
 * marked developer picker chooses the identity, sent as `X-Dev-User`.
 * Everything is built with DOM calls (textContent), never innerHTML: names and comments come
 * from data.
 */
/* global window, document, fetch, setTimeout, URL */
window.SupervisionTab = (function () {
  'use strict';

  var state = {
    manager: null,
    mode: null,
    token: null,
    devUser: null,
    me: null,
    team: null,
    sort: { key: 'rag', dir: 1 },
    month: null,
  };
  var main = document.getElementById('main');
  var statusEl = document.getElementById('status');
  var teams = window.microsoftTeams;

  /* ---------- small DOM helpers ---------- */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    var kids = Array.prototype.slice.call(arguments, 2);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') el.textContent = v;
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else if (k === 'className') el.className = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    kids.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      if (Array.isArray(c))
        c.forEach(function (x) {
          if (x) el.appendChild(x);
        });
      else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return el;
  }
  function say(message, tone) {
    statusEl.textContent = message || '';
    statusEl.className = 'status' + (tone ? ' ' + tone : '');
  }
  var MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  var DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  function fmtDate(d) {
    if (!d) return '—';
    var p = d.split('-');
    var wd = DAYS[(new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])).getUTCDay() + 6) % 7];
    return wd + ' ' + +p[2] + ' ' + MONTHS[+p[1] - 1].slice(0, 3) + ' ' + p[0];
  }
  function fmtTime(iso) {
    try {
      return new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso));
    } catch {
      return '';
    }
  }
  function monthLabel(m) {
    var p = m.split('-');
    return MONTHS[+p[1] - 1] + ' ' + p[0];
  }
  function addMonth(m, n) {
    var p = m.split('-');
    var t = +p[0] * 12 + (+p[1] - 1) + n;
    var y = Math.floor(t / 12);
    var mo = (t % 12) + 1;
    return y + '-' + (mo < 10 ? '0' : '') + mo;
  }
  var LABELS = {
    none: 'None',
    complete: 'Complete',
    pending: 'Pending',
    overdue: 'Overdue',
    signed: 'Signed',
    awaiting: 'Awaiting',
    'not-required': 'Not required',
    missing: 'Missing',
    ok: 'In date',
    'review-due': 'Review due',
  };
  function label(v) {
    return LABELS[v] || v;
  }
  function rag(r) {
    return h('span', {
      className: 'rag rag-' + r,
      text: r === 'red' ? 'Red' : r === 'amber' ? 'Amber' : 'Green',
    });
  }

  /* ---------- identity and API ---------- */
  function headers(extra) {
    var hd = extra || {};
    if (state.mode === 'local' && state.devUser) hd['X-Dev-User'] = state.devUser;
    if (state.mode === 'sso' && state.token) hd['Authorization'] = 'Bearer ' + state.token;
    return hd;
  }
  function getToken() {
    return teams.authentication.getAuthToken().then(function (t) {
      state.token = t;
      return t;
    });
  }
  function api(path, options, retried) {
    options = options || {};
    var init = {
      method: options.method || 'GET',
      headers: headers(options.body ? { 'Content-Type': 'application/json' } : {}),
    };
    if (options.body) init.body = JSON.stringify(options.body);
    return fetch('/api/tab/' + path, init).then(function (res) {
      if (res.status === 401 && state.mode === 'sso' && !retried) {
        return getToken().then(function () {
          return api(path, options, true);
        });
      }
      if (options.raw) return res;
      return res.json().then(function (body) {
        if (!res.ok) {
          var err = new Error(body.message || 'Request failed (' + res.status + ')');
          err.status = res.status;
          throw err;
        }
        return body;
      });
    });
  }

  /*
   * A PDF download (records, supervision files). Identity travels in a header, never a cookie,
   * so a plain link cannot carry it: fetch with the header, then hand the bytes to the browser.
   */
  function download(path, filename) {
    return api(path, { raw: true }).then(function (res) {
      if (!res.ok) {
        return res.json().then(function (body) {
          throw new Error(body.message || 'Download failed (' + res.status + ')');
        });
      }
      return res.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = h('a', { href: url, download: filename });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 10000);
      });
    });
  }

  /* ---------- theme (Teams: default, dark, contrast) ---------- */
  function applyTheme(theme) {
    document.documentElement.setAttribute(
      'data-theme',
      theme === 'dark' || theme === 'contrast' ? theme : 'default',
    );
  }

  function initTeams() {
    if (!teams || !teams.app) return Promise.reject(new Error('no teams-js'));
    var init;
    try {
      init = teams.app.initialize();
    } catch (e) {
      return Promise.reject(e);
    }
    var timeout = new Promise(function (_r, reject) {
      setTimeout(function () {
        reject(new Error('not in Teams'));
      }, 3000);
    });
    return Promise.race([init, timeout]).then(function () {
      return teams.app.getContext().then(function (ctx) {
        applyTheme(ctx.app && ctx.app.theme);
        teams.app.registerOnThemeChangeHandler(applyTheme);
      });
    });
  }

  /* ---------- view: My supervision ---------- */
  function section(title, id) {
    var hid = 'h-' + id;
    return h(
      'section',
      { className: 'card', 'aria-labelledby': hid, id: id },
      h('h2', { id: hid, text: title }),
    );
  }
  function list(items, render, empty) {
    if (!items || !items.length) return h('p', { className: 'muted', text: empty });
    return h(
      'ul',
      { className: 'plain' },
      items.map(function (x) {
        return h('li', null, render(x));
      }),
    );
  }

  function mount() {
    main.textContent = '';
    Array.prototype.slice.call(arguments).forEach(function (x) {
      (Array.isArray(x) ? x : [x]).forEach(function (el) {
        if (el) main.appendChild(el);
      });
    });
  }

  return {
    state: state,
    teams: teams,
    h: h,
    say: say,
    MONTHS: MONTHS,
    DAYS: DAYS,
    fmtDate: fmtDate,
    fmtTime: fmtTime,
    monthLabel: monthLabel,
    addMonth: addMonth,
    label: label,
    rag: rag,
    headers: headers,
    getToken: getToken,
    api: api,
    download: download,
    applyTheme: applyTheme,
    initTeams: initTeams,
    section: section,
    list: list,
    mount: mount,
    main: main,
  };
})();
