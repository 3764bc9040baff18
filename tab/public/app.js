/*
 * The Supervision tab: plain browser JavaScript, no framework, no build step.
 * Inside Teams: app.initialize(), getContext() for the theme, authentication.getAuthToken() for
 * the SSO token sent as `Authorization: Bearer` to /api/tab. In local mode (no app id) a clearly
 * marked developer picker chooses the identity, sent as `X-Dev-User`.
 * Everything is built with DOM calls (textContent), never innerHTML: names and comments come
 * from data.
 */
/* global window, document, fetch, setTimeout, URL, URLSearchParams, location, sessionStorage */
(function () {
  'use strict';

  var state = {
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

  function renderMy(v) {
    var out = [];
    var next = section('Next supervision', 'next');
    if (v.next) {
      next.appendChild(
        h(
          'p',
          { className: 'big' },
          fmtDate(v.next.date) + ' at ' + fmtTime(v.next.start) + ' with ' + v.next.withName,
        ),
      );
    } else next.appendChild(h('p', { className: 'muted', text: 'No one-to-one booked.' }));
    if (v.nextAsSupervisor) {
      next.appendChild(
        h(
          'p',
          null,
          'Next one you lead: ' +
            fmtDate(v.nextAsSupervisor.date) +
            ' with ' +
            v.nextAsSupervisor.withName,
        ),
      );
    }
    out.push(next);

    if (v.prepare) {
      var prep = section('What to prepare', 'prepare');
      prep.appendChild(
        list(
          v.prepare.items,
          function (t) {
            return t;
          },
          'Nothing set by the policy.',
        ),
      );
      prep.appendChild(h('h3', { text: 'Actions from your last session' }));
      prep.appendChild(
        list(
          v.prepare.openActions,
          function (a) {
            return a.text + (a.due ? ' (due ' + fmtDate(a.due) + ')' : '');
          },
          'None open.',
        ),
      );
      prep.appendChild(h('h3', { text: 'Cases due for discussion' }));
      prep.appendChild(
        list(
          v.prepare.casesDue,
          function (c) {
            return 'Case ' + c.caseId + ': ' + c.reason;
          },
          'None due.',
        ),
      );
      out.push(prep);
    }

    var year = section('This supervision year', 'year');
    if (v.year) {
      var req = v.year.required;
      year.appendChild(
        h(
          'p',
          { className: 'big' },
          'Held ' +
            v.year.held +
            ' one-to-one' +
            (v.year.held === 1 ? '' : 's') +
            ' since ' +
            fmtDate(v.year.start) +
            (req !== null
              ? ', against the minimum of ' + req
              : ' (this policy sets no yearly minimum)') +
            '.',
        ),
      );
      year.appendChild(h('p', null, 'Overall: ', rag(v.year.rag)));
      if (req) {
        year.appendChild(
          h('progress', {
            max: String(req),
            value: String(Math.min(v.year.held, req)),
            'aria-label': 'One-to-ones held this year against the minimum',
          }),
        );
      }
    } else
      year.appendChild(
        h('p', { className: 'muted', text: 'You have no supervisor in the staff list.' }),
      );
    out.push(year);

    var sig = section('Waiting for your signature', 'signatures');
    sig.appendChild(list(v.awaitingSignature, renderSignItem, 'Nothing waiting for you.'));
    out.push(sig);

    var acts = section('My open actions', 'actions');
    acts.appendChild(
      list(
        v.openActions,
        function (a) {
          return h(
            'span',
            null,
            a.text,
            a.due
              ? h('span', {
                  className: a.overdue ? 'due overdue' : 'due',
                  text: (a.overdue ? ' overdue since ' : ' due ') + fmtDate(a.due),
                })
              : null,
          );
        },
        'No open actions.',
      ),
    );
    out.push(acts);

    if (v.findings.length) {
      var f = section('Needs attention', 'findings');
      f.appendChild(
        list(
          v.findings,
          function (x) {
            return h(
              'span',
              null,
              x.detail,
              h('span', { className: 'muted', text: ' (' + x.source + ')' }),
            );
          },
          '',
        ),
      );
      out.push(f);
    }
    return out;
  }

  function renderSignItem(s) {
    var box = h('div', { className: 'sign-item' });
    box.appendChild(
      h(
        'p',
        null,
        h('strong', { text: fmtDate(s.date) }),
        ' — one-to-one with ' +
          s.otherName +
          (s.heldMinutes ? ' (' + s.heldMinutes + ' minutes)' : '') +
          '; you sign as ' +
          s.role +
          '.',
      ),
    );
    if (s.summary) box.appendChild(h('blockquote', { className: 'summary', text: s.summary }));
    if (s.actions.length) {
      box.appendChild(h('p', { className: 'muted', text: 'Agreed actions:' }));
      box.appendChild(
        list(
          s.actions,
          function (a) {
            return a.text + ' — ' + a.ownerName + (a.due ? ', by ' + fmtDate(a.due) : '');
          },
          '',
        ),
      );
    }
    var commentId = 'c-' + s.sessionId;
    var form = h(
      'form',
      { className: 'disagree', hidden: true },
      h('label', { for: commentId, text: 'What do you disagree with?' }),
      h('textarea', { id: commentId, rows: '3', maxlength: '2000', required: true }),
      h('button', { type: 'submit', text: 'Record my disagreement' }),
    );
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var comment = form.querySelector('textarea').value.trim();
      if (!comment) {
        say('Please say what you disagree with.', 'warning');
        return;
      }
      act(s, 'disagree', comment);
    });
    box.appendChild(
      h(
        'div',
        { className: 'buttons' },
        h('button', {
          type: 'button',
          className: 'primary',
          onclick: function () {
            act(s, 'sign');
          },
          text: 'Sign',
        }),
        h('button', {
          type: 'button',
          'aria-expanded': 'false',
          onclick: function (e) {
            form.hidden = !form.hidden;
            e.currentTarget.setAttribute('aria-expanded', String(!form.hidden));
            if (!form.hidden) form.querySelector('textarea').focus();
          },
          text: 'I disagree',
        }),
      ),
    );
    box.appendChild(form);
    return box;
  }

  function act(s, decision, comment) {
    say('Saving…');
    api('sign', {
      method: 'POST',
      body: {
        sessionId: s.sessionId,
        decision: decision,
        comment: comment,
        contentHash: s.contentHash,
      },
    })
      .then(function (r) {
        say(r.message, 'good');
        return showMy();
      })
      .catch(function (e) {
        say(e.message, 'warning');
      });
  }

  function showMy() {
    return api('me').then(function (v) {
      state.me = v;
      document.getElementById('nav-team').hidden = !v.hasTeam;
      document.getElementById('title').textContent = 'Supervision — ' + v.me.name;
      mount(h('h2', { className: 'sr-only', text: 'My supervision' }), renderMy(v));
    });
  }

  /* ---------- view: My team ---------- */
  var RAG_ORDER = { red: 0, amber: 1, green: 2 };
  var COLUMNS = [
    { key: 'name', label: 'Name' },
    { key: 'rag', label: 'Status' },
    { key: 'lastHeld', label: 'Last held' },
    { key: 'nextBooked', label: 'Next booked' },
    { key: 'monthsWithout', label: 'Months without' },
    { key: 'recordStatus', label: 'Record' },
    { key: 'signatureStatus', label: 'Signatures' },
    { key: 'agreement', label: 'Agreement' },
    { key: 'observation', label: 'Observation' },
  ];
  function sortValue(r, key) {
    if (key === 'rag') return RAG_ORDER[r.rag];
    if (key === 'agreement') return r.agreement.due || '';
    if (key === 'observation')
      return r.observation ? r.observation.held - r.observation.required : 99;
    var v = r[key];
    return v === null || v === undefined ? '' : v;
  }

  function showTeam() {
    return api('team').then(function (t) {
      state.team = t;
      renderTeam();
    });
  }

  function renderTeam() {
    var t = state.team;
    var filter = h('input', {
      id: 'team-filter',
      type: 'search',
      placeholder: 'Name or team',
      autocomplete: 'off',
    });
    var ragSel = h(
      'select',
      { id: 'team-rag' },
      h('option', { value: '', text: 'All' }),
      h('option', { value: 'red', text: 'Red' }),
      h('option', { value: 'amber', text: 'Amber' }),
      h('option', { value: 'green', text: 'Green' }),
    );
    var tbody = h('tbody');
    var table = h(
      'table',
      { className: 'team', id: 'team-table' },
      h('caption', {
        text: t.rows.length + ' people under ' + t.managerName + ' (as of ' + fmtDate(t.asOf) + ')',
      }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          COLUMNS.map(function (c) {
            var sorted = state.sort.key === c.key;
            return h(
              'th',
              {
                scope: 'col',
                'aria-sort': sorted ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none',
              },
              h(
                'button',
                {
                  type: 'button',
                  className: 'sort',
                  'data-key': c.key,
                  onclick: function () {
                    state.sort = {
                      key: c.key,
                      dir: state.sort.key === c.key ? -state.sort.dir : 1,
                    };
                    state.filter = filter.value;
                    state.ragFilter = ragSel.value;
                    renderTeam();
                    var again = main.querySelector('button.sort[data-key="' + c.key + '"]');
                    if (again) again.focus();
                  },
                },
                c.label,
                h('span', {
                  'aria-hidden': 'true',
                  text: sorted ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : '',
                }),
              ),
            );
          }),
        ),
      ),
      tbody,
    );
    function fill() {
      var q = filter.value.trim().toLowerCase();
      var want = ragSel.value;
      var rows = t.rows
        .filter(function (r) {
          return (
            (!want || r.rag === want) &&
            (!q || (r.name + ' ' + (r.team || '')).toLowerCase().indexOf(q) >= 0)
          );
        })
        .sort(function (a, b) {
          var x = sortValue(a, state.sort.key),
            y = sortValue(b, state.sort.key);
          return (x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : 1) * state.sort.dir;
        });
      tbody.textContent = '';
      rows.forEach(function (r) {
        tbody.appendChild(
          h(
            'tr',
            { className: 'row-' + r.rag },
            h(
              'th',
              { scope: 'row' },
              h('button', {
                type: 'button',
                className: 'link',
                onclick: function () {
                  showPerson(r.staffId);
                },
                text: r.name,
              }),
              h('span', { className: 'sub', text: r.team || '' }),
            ),
            h(
              'td',
              { 'data-label': 'Status' },
              rag(r.rag),
              r.reasons.length ? h('span', { className: 'sub', text: r.reasons[0].detail }) : null,
            ),
            h('td', { 'data-label': 'Last held', text: fmtDate(r.lastHeld) }),
            h('td', {
              'data-label': 'Next booked',
              text: r.nextBooked
                ? fmtDate(r.nextBooked)
                : 'Not booked (due ' + fmtDate(r.nextDue) + ')',
            }),
            h('td', { 'data-label': 'Months without', text: String(r.monthsWithout) }),
            h('td', { 'data-label': 'Record', text: label(r.recordStatus) }),
            h('td', { 'data-label': 'Signatures', text: label(r.signatureStatus) }),
            h('td', {
              'data-label': 'Agreement',
              text:
                label(r.agreement.status) +
                (r.agreement.due ? ' (' + fmtDate(r.agreement.due) + ')' : ''),
            }),
            h('td', {
              'data-label': 'Observation',
              text: r.observation
                ? r.observation.held +
                  ' of ' +
                  r.observation.required +
                  ' by ' +
                  fmtDate(r.observation.due)
                : '—',
            }),
          ),
        );
      });
      counter.textContent = rows.length + ' shown';
    }
    var counter = h('span', { className: 'muted', 'aria-live': 'polite' });
    filter.value = state.filter || '';
    ragSel.value = state.ragFilter || '';
    filter.addEventListener('input', fill);
    ragSel.addEventListener('change', fill);
    var monthInput = h('input', {
      id: 'audit-month',
      type: 'month',
      value: addMonth(t.asOf.slice(0, 7), -1),
    });
    var auditOut = h('div', { id: 'audit-result' });
    mount(
      h('h2', { text: 'My team' }),
      h(
        'p',
        { className: 'counts' },
        rag('red'),
        ' ' + t.counts.red + '  ',
        rag('amber'),
        ' ' + t.counts.amber + '  ',
        rag('green'),
        ' ' + t.counts.green,
      ),
      h(
        'div',
        { className: 'toolbar' },
        h('label', { for: 'team-filter', text: 'Filter' }),
        filter,
        h('label', { for: 'team-rag', text: 'Status' }),
        ragSel,
        counter,
        h('button', { type: 'button', id: 'export-csv', onclick: exportCsv, text: 'Export CSV' }),
      ),
      h('div', { className: 'table-wrap' }, table),
      h(
        'section',
        { className: 'card', 'aria-labelledby': 'h-audit' },
        h('h2', { id: 'h-audit', text: 'Audit sample' }),
        h(
          'div',
          { className: 'toolbar' },
          h('label', { for: 'audit-month', text: 'Month' }),
          monthInput,
          h('button', {
            type: 'button',
            id: 'audit-sample',
            onclick: function () {
              audit(monthInput.value, auditOut);
            },
            text: 'Audit sample',
          }),
        ),
        auditOut,
      ),
    );
    fill();
  }

  function audit(month, out) {
    api('audit-sample?month=' + encodeURIComponent(month))
      .then(function (s) {
        out.textContent = '';
        out.appendChild(
          h(
            'p',
            null,
            s.picked.length +
              ' of ' +
              s.population +
              ' one-to-ones held in ' +
              monthLabel(s.month) +
              ' (' +
              s.rule.source +
              '). Same month, same sample.',
          ),
        );
        out.appendChild(
          list(
            s.picked,
            function (p) {
              return (
                fmtDate(p.date) +
                ': ' +
                p.superviseeName +
                ' with ' +
                p.supervisorName +
                ' — record ' +
                (p.recordCompleted ? 'complete' : 'not complete') +
                ', ' +
                (p.signedByBoth ? 'signed by both' : 'not fully signed')
              );
            },
            'No one-to-ones were held that month.',
          ),
        );
      })
      .catch(function (e) {
        say(e.message, 'warning');
      });
  }

  function exportCsv() {
    api('team.csv', { raw: true })
      .then(function (res) {
        if (!res.ok) throw new Error('Export failed (' + res.status + ')');
        return res.blob();
      })
      .then(function (blob) {
        var a = h('a', { href: URL.createObjectURL(blob), download: 'team.csv' });
        document.body.appendChild(a);
        a.click();
        a.remove();
        say('Exported.', 'good');
      })
      .catch(function (e) {
        say(e.message, 'warning');
      });
  }

  function showPerson(id) {
    return api('people/' + encodeURIComponent(id))
      .then(function (p) {
        var back = h('button', {
          type: 'button',
          onclick: function () {
            renderTeam();
          },
          text: '← Back to my team',
        });
        mount(
          back,
          h('h2', { text: p.name + (p.team ? ' — ' + p.team : '') }),
          p.summary
            ? h(
                'p',
                null,
                rag(p.summary.rag),
                ' Last held ' +
                  fmtDate(p.summary.lastHeld) +
                  '; held ' +
                  p.summary.heldThisYear +
                  (p.summary.requiredThisYear !== null ? ' of ' + p.summary.requiredThisYear : '') +
                  ' this year.',
              )
            : null,
          p.findings.length
            ? list(
                p.findings,
                function (f) {
                  return f.detail;
                },
                '',
              )
            : null,
          h(
            'div',
            { className: 'table-wrap' },
            h(
              'table',
              { className: 'history' },
              h('caption', { text: 'Supervision history' }),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Date', 'Kind', 'Status', 'With', 'Minutes', 'Record', 'Signed'].map(
                    function (c) {
                      return h('th', { scope: 'col', text: c });
                    },
                  ),
                ),
              ),
              h(
                'tbody',
                null,
                p.sessions.map(function (s) {
                  return h(
                    'tr',
                    null,
                    h('td', { 'data-label': 'Date', text: fmtDate(s.date) }),
                    h('td', { 'data-label': 'Kind', text: s.kind }),
                    h('td', { 'data-label': 'Status', text: s.status }),
                    h('td', { 'data-label': 'With', text: s.withName }),
                    h('td', {
                      'data-label': 'Minutes',
                      text: s.heldMinutes !== null ? String(s.heldMinutes) : '—',
                    }),
                    h('td', {
                      'data-label': 'Record',
                      text: s.recordCompleted ? fmtDate(s.recordCompleted) : '—',
                    }),
                    h('td', {
                      'data-label': 'Signed',
                      text:
                        (s.supervisorSigned ? 'supervisor' : '') +
                          (s.supervisorSigned && s.superviseeSigned ? ' + ' : '') +
                          (s.superviseeSigned ? 'supervisee' : '') || '—',
                    }),
                  );
                }),
              ),
            ),
          ),
        );
        back.focus();
      })
      .catch(function (e) {
        say(e.message, 'warning');
      });
  }

  /* ---------- view: Triage ---------- */
  function showTriage() {
    return api('triage' + (state.month ? '?month=' + state.month : '')).then(function (t) {
      if (!t.enabled) {
        mount(h('h2', { text: 'Triage' }), h('p', { text: t.message }));
        return;
      }
      state.month = t.month;
      var grid = h(
        'table',
        { className: 'calendar', id: 'triage-calendar' },
        h('caption', { text: 'Family Connect triage rota, ' + monthLabel(t.month) }),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            DAYS.map(function (d) {
              return h('th', { scope: 'col', text: d });
            }),
          ),
        ),
        h(
          'tbody',
          null,
          t.weeks.map(function (w) {
            return h(
              'tr',
              null,
              w.map(function (d) {
                return dayCell(d, t);
              }),
            );
          }),
        ),
      );
      mount(
        h('h2', { text: 'Triage rota' }),
        h(
          'div',
          { className: 'toolbar' },
          h('button', {
            type: 'button',
            onclick: function () {
              state.month = addMonth(t.month, -1);
              showTriage();
            },
            text: '← Previous month',
          }),
          h('strong', { text: monthLabel(t.month) }),
          h('button', {
            type: 'button',
            onclick: function () {
              state.month = addMonth(t.month, 1);
              showTriage();
            },
            text: 'Next month →',
          }),
        ),
        h(
          'p',
          null,
          t.gapCount +
            ' uncovered working day' +
            (t.gapCount === 1 ? '' : 's') +
            ' ahead this month; ' +
            (t.member ? 'you hold ' + t.myDayCount + '.' : 'you are not on the rota.'),
        ),
        h('div', { className: 'table-wrap' }, grid),
      );
    });
  }

  function dayCell(d, t) {
    var cls = ['day'];
    if (!d.inMonth) cls.push('other');
    if (!d.rotaDay) cls.push('off');
    if (d.gap) cls.push('gap');
    if (d.mine) cls.push('mine');
    if (d.past) cls.push('past');
    if (!d.inMonth || !d.rotaDay) {
      return h(
        'td',
        { className: cls.join(' ') },
        h('span', { className: 'num', text: String(+d.date.slice(8)) }),
      );
    }
    var cell = h(
      'td',
      { className: cls.join(' '), 'data-date': d.date },
      h(
        'span',
        { className: 'num' },
        h('span', { className: 'wd', text: DAYS[d.weekday - 1] + ' ' }),
        String(+d.date.slice(8)),
      ),
      d.memberName ? h('span', { className: 'who', text: d.memberName }) : null,
      d.gap ? h('span', { className: 'badge gap-badge', text: 'Gap' }) : null,
      d.mine ? h('span', { className: 'badge mine-badge', text: 'You' }) : null,
      d.status === 'sick' ? h('span', { className: 'badge', text: 'Sick' }) : null,
      d.swapOpen ? h('span', { className: 'badge', text: 'Swap asked' }) : null,
    );
    if (d.canSwap && !d.swapOpen) {
      var selId = 'swap-' + d.date;
      var sel = h(
        'select',
        { id: selId },
        h('option', { value: 'hub', text: 'Everyone in my hub' }),
        t.colleagues.map(function (c) {
          return h('option', { value: c.id, text: c.name + (c.hub ? ' (' + c.hub + ')' : '') });
        }),
      );
      var form = h(
        'form',
        { className: 'swap', hidden: true },
        h('label', { for: selId, text: 'Ask' }),
        sel,
        h('button', { type: 'submit', text: 'Send swap request' }),
      );
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        say('Sending…');
        api('triage/swap', { method: 'POST', body: { date: d.date, to: sel.value } })
          .then(function (r) {
            say(r.message, 'good');
            return showTriage();
          })
          .catch(function (err) {
            say(err.message, 'warning');
          });
      });
      cell.appendChild(
        h('button', {
          type: 'button',
          className: 'small',
          'aria-expanded': 'false',
          'aria-label': 'Swap ' + fmtDate(d.date),
          onclick: function (e) {
            form.hidden = !form.hidden;
            e.currentTarget.setAttribute('aria-expanded', String(!form.hidden));
            if (!form.hidden) sel.focus();
          },
          text: 'Swap',
        }),
      );
      cell.appendChild(form);
    }
    return cell;
  }

  /* ---------- routing ---------- */
  function mount() {
    main.textContent = '';
    Array.prototype.slice.call(arguments).forEach(function (x) {
      (Array.isArray(x) ? x : [x]).forEach(function (el) {
        if (el) main.appendChild(el);
      });
    });
  }
  function route() {
    var view = (location.hash || '#my').slice(1);
    ['my', 'team', 'triage'].forEach(function (v) {
      var a = document.getElementById('nav-' + v);
      if (v === view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    say('');
    document.body.setAttribute('data-view', view);
    document.body.removeAttribute('data-ready');
    var p = view === 'team' ? showTeam() : view === 'triage' ? showTriage() : showMy();
    return p
      .then(function () {
        document.body.setAttribute('data-ready', view);
      })
      .catch(function (e) {
        mount(h('p', { className: 'error', text: e.message }));
        document.body.setAttribute('data-ready', 'error');
      });
  }

  function startDev() {
    var banner = document.getElementById('dev-banner');
    var sel = document.getElementById('dev-user');
    banner.hidden = false;
    return fetch('/api/tab/dev/people')
      .then(function (r) {
        return r.json();
      })
      .then(function (body) {
        var wanted =
          new URLSearchParams(location.search).get('as') || sessionStorage.getItem('devUser');
        body.people.forEach(function (p) {
          sel.appendChild(
            h('option', {
              value: p.id,
              text: p.name + ' — ' + p.role + (p.team ? ', ' + p.team : ''),
            }),
          );
        });
        if (
          wanted &&
          body.people.some(function (p) {
            return p.id === wanted;
          })
        )
          sel.value = wanted;
        state.devUser = sel.value;
        sel.addEventListener('change', function () {
          state.devUser = sel.value;
          sessionStorage.setItem('devUser', sel.value);
          state.month = null;
          route();
        });
      });
  }

  function start() {
    fetch('/api/tab/mode')
      .then(function (r) {
        return r.json();
      })
      .then(function (m) {
        state.mode = m.mode;
        if (m.mode === 'local') {
          initTeams().catch(function () {
            /* a plain browser: fine in local mode */
          });
          return startDev();
        }
        if (m.mode !== 'sso') throw new Error('The tab is not configured on this deployment.');
        return initTeams().then(getToken);
      })
      .then(function () {
        window.addEventListener('hashchange', route);
        return route();
      })
      .catch(function (e) {
        mount(h('p', { className: 'error', text: e.message || 'Could not start the tab.' }));
        document.body.setAttribute('data-ready', 'error');
      });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
