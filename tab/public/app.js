/* The Supervision tab, part 6 of 6: routing between the views and start-up (Teams SSO or developer mode) (see kit.js). */
/* global window, document, fetch, URLSearchParams, location, sessionStorage */
(function (T) {
  'use strict';
  var state = T.state;
  var h = T.h;
  var say = T.say;
  var getToken = T.getToken;
  var initTeams = T.initTeams;
  var mount = T.mount;

  function route() {
    var hash = (location.hash || '#my').slice(1);
    // `#record/<session id>`: the record form, opened from a link (not in the nav).
    var view = hash.split('/')[0];
    var arg = decodeURIComponent(hash.slice(view.length + 1));
    ['my', 'team', 'triage'].forEach(function (v) {
      var a = document.getElementById('nav-' + v);
      if (v === view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    say('');
    document.body.setAttribute('data-view', view);
    document.body.removeAttribute('data-ready');
    var p =
      view === 'team'
        ? T.ensureMe().then(T.showTeam)
        : view === 'triage'
          ? T.ensureMe().then(T.showTriage)
          : view === 'record' && arg
            ? T.ensureMe().then(function () {
                return T.showRecord(arg);
              })
            : T.showMy();
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
          new URLSearchParams(location.search).get('as') ||
          sessionStorage.getItem('devUser') ||
          body.suggested;
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
          state.manager = null;
          state.filter = '';
          state.ragFilter = '';
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
})(window.SupervisionTab);
