/* The Supervision tab, part 2 of 6: the "My supervision" view (see kit.js). */
/* global window, document */
(function (T) {
  'use strict';
  var state = T.state;
  var h = T.h;
  var say = T.say;
  var fmtDate = T.fmtDate;
  var fmtTime = T.fmtTime;
  var rag = T.rag;
  var api = T.api;
  var section = T.section;
  var list = T.list;
  var mount = T.mount;

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

    if (v.recordsToWrite && v.recordsToWrite.length) {
      var rec = section('Records to write', 'records');
      rec.appendChild(
        list(
          v.recordsToWrite,
          function (r) {
            return h('a', {
              href: '#record/' + encodeURIComponent(r.sessionId),
              text:
                fmtDate(r.date) +
                ' with ' +
                r.withName +
                (r.draft ? ' (draft saved)' : ' (not started)'),
            });
          },
          '',
        ),
      );
      out.push(rec);
    }

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
    box.appendChild(
      h(
        'p',
        null,
        h('a', {
          href: '#record/' + encodeURIComponent(s.sessionId),
          text: 'Open the record of ' + fmtDate(s.date),
        }),
      ),
    );
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

  /** Who I am (name in the title, whether "My team" applies), whichever view opens first. */
  function setMe(v) {
    state.me = v;
    document.getElementById('nav-team').hidden = !v.hasTeam;
    document.getElementById('title').textContent = 'Supervision — ' + v.me.name;
    return v;
  }
  function ensureMe() {
    var who = state.mode === 'local' ? state.devUser : 'sso';
    if (state.me && state.meFor === who) return Promise.resolve(state.me);
    return api('me').then(function (v) {
      state.meFor = who;
      return setMe(v);
    });
  }

  function showMy() {
    return api('me').then(function (v) {
      setMe(v);
      mount(h('h2', { className: 'sr-only', text: 'My supervision' }), renderMy(v));
    });
  }

  T.showMy = showMy;
  T.ensureMe = ensureMe;
})(window.SupervisionTab);
