/* The Supervision tab, part 3 of 6: the "My team" view, CSV export and the audit sample (see kit.js). */
/* global window, document, URL */
(function (T) {
  'use strict';
  var main = T.main;
  var state = T.state;
  var h = T.h;
  var say = T.say;
  var fmtDate = T.fmtDate;
  var monthLabel = T.monthLabel;
  var addMonth = T.addMonth;
  var label = T.label;
  var rag = T.rag;
  var api = T.api;
  var list = T.list;
  var mount = T.mount;

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

  function managerQuery(sep) {
    return state.manager ? sep + 'manager=' + encodeURIComponent(state.manager) : '';
  }

  function showTeam() {
    return api('team' + managerQuery('?')).then(function (t) {
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
                  T.showPerson(r.staffId);
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
    var whose = null;
    if (t.managers.length > 1) {
      whose = h(
        'select',
        { id: 'team-of' },
        t.managers.map(function (m, i) {
          return h('option', {
            value: m.id,
            text: i === 0 ? 'Everyone under me' : m.name + "'s team",
          });
        }),
      );
      whose.value = t.managerId;
      whose.addEventListener('change', function () {
        state.manager = whose.value === t.managers[0].id ? null : whose.value;
        showTeam().then(function () {
          var again = document.getElementById('team-of');
          if (again) again.focus();
        });
      });
    }
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
        whose ? h('label', { for: 'team-of', text: 'Show' }) : null,
        whose,
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
    api('audit-sample?month=' + encodeURIComponent(month) + managerQuery('&'))
      .then(function (s) {
        out.textContent = '';
        out.appendChild(
          h(
            'p',
            null,
            s.picked.length +
              ' of ' +
              s.population +
              (s.rule.unit === 'supervision-files'
                ? ' supervision files (latest one-to-one shown) in the ' + s.period.label
                : ' one-to-ones held in ' + monthLabel(s.month)) +
              ' (' +
              s.rule.source +
              '). Same period, same sample.',
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
            'No one-to-ones were held in that period.',
          ),
        );
        if (s.rule.casesPerHub) {
          out.appendChild(
            h('p', null, 'Open cases to audit, per hub (' + s.rule.casesPerHub.source + '):'),
          );
          out.appendChild(
            list(
              s.cases,
              function (c) {
                return (
                  c.hub +
                  ': case ' +
                  c.caseId +
                  ' (' +
                  c.workerName +
                  ', last discussed ' +
                  (c.lastDiscussedAt ? fmtDate(c.lastDiscussedAt) : 'never') +
                  ')'
                );
              },
              'No open cases in that half-year.',
            ),
          );
        }
      })
      .catch(function (e) {
        say(e.message, 'warning');
      });
  }

  function exportCsv() {
    api('team.csv' + managerQuery('?'), { raw: true })
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

  T.showTeam = showTeam;
  T.renderTeam = renderTeam;
})(window.SupervisionTab);
