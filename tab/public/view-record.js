/*
 * The Supervision tab: the record form (issue 18), `#record/<session id>` (see kit.js). The same
 * sections and case entries as the Teams record form card, on a wider page: each section from
 * the profile's template with its heading and the policy's words as a hint; the supervisee's
 * open cases by id, each with a "discussed" tick that opens its entry (discussion, decision,
 * risk scale where the policy uses one, significant decision, actions with owner and due date);
 * the next supervision's date. "Save draft" and "Finish record" call /api/tab/record-form, which
 * runs the same use-case as the card. Every input has a visible label; the page works with the
 * keyboard alone; a refused save leaves everything typed in place.
 */
/* global window, document */
(function (T) {
  'use strict';
  var h = T.h;
  var say = T.say;
  var api = T.api;
  var fmtDate = T.fmtDate;
  var fmtTime = T.fmtTime;
  var mount = T.mount;

  var seq = 0;
  function uid(p) {
    seq += 1;
    return p + '-' + seq;
  }

  /* London wall-clock time ⇄ UTC, for the next-session input (never the browser's zone). */
  function londonOffsetMs(utcMs) {
    var parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(utcMs));
    var v = {};
    parts.forEach(function (p) {
      v[p.type] = +p.value;
    });
    return Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second) - utcMs;
  }
  function londonLocalToIso(local) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || '');
    if (!m) return null;
    var guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    var utc = guess - londonOffsetMs(guess);
    utc = guess - londonOffsetMs(utc);
    return new Date(utc).toISOString();
  }
  function isoToLondonLocal(iso) {
    if (!iso) return '';
    var t = Date.parse(iso);
    if (isNaN(t)) return '';
    var d = new Date(t + londonOffsetMs(t));
    return d.toISOString().slice(0, 16);
  }

  function field(labelText, control, hint) {
    var id = control.id || uid('f');
    control.id = id;
    var kids = [h('label', { for: id, text: labelText })];
    if (hint) {
      var hid = id + '-hint';
      control.setAttribute('aria-describedby', hid);
      kids.push(h('p', { className: 'hint', id: hid, text: hint }));
    }
    kids.push(control);
    return h('div', { className: 'field' }, kids);
  }

  /* ---------- read-only view (the supervisee, line managers) ---------- */
  function renderRead(v) {
    var out = [];
    var r = v.record;
    if (!r) {
      out.push(h('p', { className: 'muted', text: 'No record has been written yet.' }));
      return out;
    }
    v.template.sections.forEach(function (s) {
      var text = r.sections[s.id];
      if (!text) return;
      out.push(h('h3', { text: s.heading }), h('p', { className: 'summary', text: text }));
    });
    if (r.cases.length) {
      out.push(h('h3', { text: 'Cases discussed' }));
      r.cases.forEach(function (c) {
        var box = h('div', { className: 'case-read' }, h('h4', { text: 'Case ' + c.caseId }));
        if (c.discussion) box.appendChild(h('p', null, 'Discussion: ' + c.discussion));
        if (c.decision) box.appendChild(h('p', null, 'Decision: ' + c.decision));
        if (c.riskScale !== undefined && c.riskScale !== null)
          box.appendChild(h('p', null, 'Scaling: ' + c.riskScale + ' out of 10'));
        box.appendChild(
          h('p', null, 'Significant decision: ' + (c.significantDecision ? 'yes' : 'no')),
        );
        if (c.actions.length)
          box.appendChild(
            T.list(
              c.actions,
              function (a) {
                return a.text + (a.dueDate ? ' (by ' + fmtDate(a.dueDate) + ')' : '');
              },
              '',
            ),
          );
        out.push(box);
      });
    }
    if (r.nextSessionAt)
      out.push(
        h(
          'p',
          null,
          'Next supervision: ' +
            fmtDate(isoToLondonLocal(r.nextSessionAt).slice(0, 10)) +
            ' at ' +
            fmtTime(r.nextSessionAt),
        ),
      );
    return out;
  }

  /* ---------- the form (the session's supervisor) ---------- */
  function actionRow(v, c, a) {
    var text = h('input', { type: 'text', maxlength: '500', value: a ? a.text : '' });
    var owner = h(
      'select',
      null,
      v.owners.map(function (o) {
        return h('option', { value: o.id, text: o.name });
      }),
    );
    if (a && a.ownerId) owner.value = a.ownerId;
    else owner.value = v.supervisee.id;
    var due = h('input', { type: 'date', value: a && a.dueDate ? a.dueDate : '' });
    var row = h(
      'div',
      { className: 'action-row', 'data-action': '' },
      field('Action for case ' + c, text),
      field('Owner', owner),
      field('Due date', due),
    );
    var remove = h('button', {
      type: 'button',
      className: 'small',
      text: 'Remove action',
      'aria-label': 'Remove this action for case ' + c,
      onclick: function () {
        var list = row.parentNode;
        row.remove();
        var next = list && list.querySelector('input');
        if (next) next.focus();
      },
    });
    row.appendChild(remove);
    row.read = function () {
      return { text: text.value.trim(), ownerId: owner.value, dueDate: due.value || undefined };
    };
    return row;
  }

  function caseBlock(v, caseId, meta, entry) {
    var key = 'case-' + caseId.replace(/[^A-Za-z0-9_-]/g, '_');
    var tick = h('input', { type: 'checkbox', id: key + '-discussed' });
    tick.checked = !!entry;
    var details = h('div', { className: 'case-entry', id: key + '-entry' });
    details.hidden = !entry;
    tick.setAttribute('aria-controls', details.id);
    tick.setAttribute('aria-expanded', String(!!entry));
    var prompts = v.template.discussionPrompts.join(' ');
    var discussion = h('textarea', { rows: '4', id: key + '-discussion' });
    discussion.value = entry ? entry.discussion : '';
    var decision = h('textarea', { rows: '3', id: key + '-decision' });
    decision.value = entry ? entry.decision : '';
    details.appendChild(field('Discussion', discussion, prompts || null));
    details.appendChild(field('Decision', decision));
    var risk = null;
    if (v.template.riskScale) {
      risk = h('input', {
        type: 'number',
        id: key + '-risk',
        min: String(v.template.riskScale.min),
        max: String(v.template.riskScale.max),
        step: '1',
        inputmode: 'numeric',
      });
      if (entry && entry.riskScale !== undefined && entry.riskScale !== null)
        risk.value = String(entry.riskScale);
      details.appendChild(
        field(
          'Scaling (' + v.template.riskScale.min + '–' + v.template.riskScale.max + ')',
          risk,
          v.template.riskScale.question,
        ),
      );
    }
    var significant = h('input', { type: 'checkbox', id: key + '-significant' });
    significant.checked = !!(entry && entry.significantDecision);
    if (v.template.significantDecision)
      details.appendChild(
        h(
          'div',
          { className: 'check' },
          significant,
          h('label', { for: significant.id, text: 'A significant decision was made' }),
        ),
      );
    var actions = h('div', { className: 'actions-list' });
    (entry ? entry.actions : []).forEach(function (a) {
      actions.appendChild(actionRow(v, caseId, a));
    });
    var actionsSet = h(
      'fieldset',
      { className: 'actions' },
      h('legend', { text: 'Actions for case ' + caseId }),
      actions,
    );
    details.appendChild(actionsSet);
    actionsSet.appendChild(
      h('button', {
        type: 'button',
        className: 'small',
        text: 'Add an action for case ' + caseId,
        onclick: function () {
          var row = actionRow(v, caseId, null);
          actions.appendChild(row);
          row.querySelector('input').focus();
        },
      }),
    );
    tick.addEventListener('change', function () {
      details.hidden = !tick.checked;
      tick.setAttribute('aria-expanded', String(tick.checked));
    });
    var label =
      'Case ' +
      caseId +
      ' discussed' +
      (meta && meta.lastDiscussedAt ? ' (last: ' + fmtDate(meta.lastDiscussedAt) + ')' : '');
    var box = h(
      'div',
      { className: 'case-block', 'data-case': caseId },
      h('div', { className: 'check' }, tick, h('label', { for: tick.id, text: label })),
      details,
    );
    box.read = function () {
      if (!tick.checked) return null;
      var r = risk && risk.value !== '' ? Number(risk.value) : undefined;
      return {
        caseId: caseId,
        discussion: discussion.value,
        decision: decision.value,
        riskScale: r,
        significantDecision: significant.checked,
        actions: Array.prototype.map
          .call(actions.querySelectorAll('[data-action]'), function (row) {
            return row.read();
          })
          .filter(function (a) {
            return a.text;
          }),
      };
    };
    return box;
  }

  function renderForm(v) {
    var r = v.record;
    var form = h('form', { className: 'record-form', id: 'record-form', novalidate: true });
    var secs = h('fieldset', { className: 'sections' }, h('legend', { text: 'Sections' }));
    var sectionInputs = {};
    v.template.sections.forEach(function (s) {
      var ta = h('textarea', { id: 'sec-' + s.id, rows: '5' });
      ta.value = r && r.sections[s.id] ? r.sections[s.id] : '';
      if (s.required) ta.setAttribute('aria-required', 'true');
      sectionInputs[s.id] = ta;
      // The policy's own words as a hint, unless they only repeat the heading.
      var words = s.words && s.words.toLowerCase() !== s.heading.toLowerCase() ? s.words : null;
      secs.appendChild(field(s.heading + (s.required ? ' (required to finish)' : ''), ta, words));
    });
    form.appendChild(secs);

    var byId = {};
    (r ? r.cases : []).forEach(function (c) {
      byId[c.caseId] = c;
    });
    var ids = v.openCases.map(function (c) {
      return c.caseId;
    });
    Object.keys(byId).forEach(function (id) {
      if (ids.indexOf(id) < 0) ids.push(id);
    });
    var casesSet = h(
      'fieldset',
      { className: 'cases' },
      h('legend', { text: 'Cases of ' + v.supervisee.name + ' (by case id)' }),
    );
    var blocks = ids.map(function (id) {
      var meta = v.openCases.filter(function (c) {
        return c.caseId === id;
      })[0];
      return caseBlock(v, id, meta, byId[id]);
    });
    if (!blocks.length)
      casesSet.appendChild(h('p', { className: 'muted', text: 'No open cases.' }));
    blocks.forEach(function (b) {
      casesSet.appendChild(b);
    });
    form.appendChild(casesSet);

    var next = h('input', {
      type: 'datetime-local',
      id: 'next-session',
      value: r ? isoToLondonLocal(r.nextSessionAt) : '',
    });
    form.appendChild(
      h(
        'fieldset',
        null,
        h('legend', { text: 'Next supervision' }),
        field('Date and time (UK time)', next, 'Leave blank if it is already booked.'),
      ),
    );

    function send(finish) {
      var sections = {};
      Object.keys(sectionInputs).forEach(function (id) {
        sections[id] = sectionInputs[id].value;
      });
      var body = {
        finish: finish,
        sections: sections,
        cases: blocks
          .map(function (b) {
            return b.read();
          })
          .filter(Boolean),
        nextSessionAt: londonLocalToIso(next.value),
      };
      say(finish ? 'Finishing…' : 'Saving…');
      document.body.setAttribute('data-saving', '1');
      return api('record-form/' + encodeURIComponent(v.sessionId), { method: 'POST', body: body })
        .then(function (res) {
          var warn = res.warnings && res.warnings.length ? ' ' + res.warnings.join(' ') : '';
          return showRecord(v.sessionId).then(function () {
            say(res.message + warn, warn ? 'warning' : 'good');
          });
        })
        .catch(function (e) {
          // Nothing typed is lost: the form stays as it is.
          say(e.message, 'warning');
        })
        .then(function () {
          document.body.removeAttribute('data-saving');
        });
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      send(false);
    });
    form.appendChild(
      h(
        'div',
        { className: 'buttons' },
        h('button', { type: 'submit', id: 'save-draft', text: 'Save draft' }),
        h('button', {
          type: 'button',
          id: 'finish-record',
          className: 'primary',
          text: 'Finish record',
          onclick: function () {
            send(true);
          },
        }),
      ),
    );
    return form;
  }

  function showRecord(sessionId) {
    return api('record-form/' + encodeURIComponent(sessionId)).then(function (v) {
      var status = !v.record
        ? 'Not started'
        : v.record.status === 'final'
          ? 'Finished'
          : 'Draft, last saved ' +
            fmtDate(isoToLondonLocal(v.record.updatedAt).slice(0, 10)) +
            ' at ' +
            fmtTime(v.record.updatedAt);
      var head = h(
        'section',
        { className: 'card record-head', 'aria-labelledby': 'record-title' },
        h('h2', {
          id: 'record-title',
          text: 'Supervision record: ' + v.supervisee.name + ' with ' + v.supervisor.name,
        }),
        h('p', null, fmtDate(v.date) + ' — ' + v.template.name),
        h('p', { id: 'record-status' }, 'Status: ' + status),
        v.readOnlyReason ? h('p', { className: 'warning', text: v.readOnlyReason }) : null,
      );
      var body = h(
        'section',
        { className: 'card record-page', 'aria-label': 'The record' },
        v.canEdit ? renderForm(v) : renderRead(v),
      );
      mount(head, body);
    });
  }

  T.showRecord = showRecord;
})(window.SupervisionTab);
