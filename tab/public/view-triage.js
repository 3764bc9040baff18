/* The Supervision tab, part 5 of 6: the "Triage" rota month (see kit.js). */
/* global window */
(function (T) {
  'use strict';
  var state = T.state;
  var h = T.h;
  var say = T.say;
  var DAYS = T.DAYS;
  var fmtDate = T.fmtDate;
  var monthLabel = T.monthLabel;
  var addMonth = T.addMonth;
  var api = T.api;
  var mount = T.mount;

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
      d.holderAway
        ? h('span', {
            className: 'badge',
            text:
              d.holderUnavailable === 'left'
                ? 'Left'
                : d.holderUnavailable === 'not-started'
                  ? 'Not started'
                  : 'Away',
          })
        : null,
      d.coverFromHub
        ? h('span', { className: 'badge', text: 'Cover from ' + d.coverFromHub })
        : null,
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

  T.showTriage = showTriage;
})(window.SupervisionTab);
