/* The Supervision tab, part 4 of 6: one person's history (drill-down from "My team") (see kit.js). */
/* global window */
(function (T) {
  'use strict';
  var h = T.h;
  var say = T.say;
  var fmtDate = T.fmtDate;
  var rag = T.rag;
  var api = T.api;
  var list = T.list;
  var mount = T.mount;

  /** A button that downloads a PDF and says so if it cannot. */
  function pdfButton(text, label, path, filename) {
    return h('button', {
      type: 'button',
      className: 'link-button',
      'aria-label': label,
      onclick: function () {
        T.download(path, filename).catch(function (e) {
          say(e.message, 'warning');
        });
      },
      text: text,
    });
  }

  function showPerson(id) {
    return api('people/' + encodeURIComponent(id))
      .then(function (p) {
        var back = h('button', {
          type: 'button',
          onclick: function () {
            T.renderTeam();
          },
          text: '← Back to my team',
        });
        mount(
          back,
          h('h2', { text: p.name + (p.team ? ' — ' + p.team : '') }),
          h(
            'p',
            null,
            pdfButton(
              'Download supervision file (PDF)',
              'Download the supervision file of ' + p.name + ' for the last twelve months (PDF)',
              'people/' + encodeURIComponent(id) + '/file.pdf',
              'supervision-file-' + id + '.pdf',
            ),
          ),
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
                    h('td', {
                      'data-label': 'Kind',
                      text: s.attended ? s.kind + ' (attended)' : s.kind,
                    }),
                    h('td', { 'data-label': 'Status', text: s.status }),
                    h('td', { 'data-label': 'With', text: s.withName }),
                    h('td', {
                      'data-label': 'Minutes',
                      text: s.heldMinutes !== null ? String(s.heldMinutes) : '—',
                    }),
                    s.recordCompleted
                      ? h(
                          'td',
                          { 'data-label': 'Record' },
                          fmtDate(s.recordCompleted) + ' ',
                          pdfButton(
                            'PDF',
                            'Download the record of ' + fmtDate(s.date) + ' (PDF)',
                            'records/' + encodeURIComponent(s.id) + '.pdf',
                            'supervision-record-' + s.id + '.pdf',
                          ),
                        )
                      : h('td', { 'data-label': 'Record', text: '—' }),
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

  T.showPerson = showPerson;
})(window.SupervisionTab);
