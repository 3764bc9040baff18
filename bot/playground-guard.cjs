/**
 * Preloaded into the Microsoft 365 Agents Playground process (`node -r playground-guard.cjs
 * cli.js ...`, bot/dev.ts). The Playground has no bind-address option: it listens on every
 * interface and answers any Host and Origin, and it forwards what it is sent to the bot as
 * 127.0.0.1, so the bot's loopback-only rule would not protect the demo users (issue 15).
 *
 * Two guards, for every server the Playground opens:
 * 1. Bind: any `listen` without a host, or on a wildcard host (0.0.0.0, ::), is bound to
 *    127.0.0.1 instead: another machine cannot connect at all.
 * 2. Host/Origin check (against DNS rebinding and cross-site pages in the user's own browser):
 *    an HTTP request or WebSocket upgrade whose Host is not a loopback name, or whose Origin
 *    (when sent) is not a loopback page, is refused with 403 before the Playground sees it.
 *
 * Plain CommonJS with no dependencies: it runs inside the Playground's own node process.
 */
'use strict';
const net = require('node:net');
const http = require('node:http');
const { URL } = require('node:url');

const LOOPBACK_HOST = '127.0.0.1';
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isWildcard(host) {
  return host === undefined || host === null || host === '' || host === '0.0.0.0' || host === '::';
}

/** `localhost:56150` → true; `evil.example:56150`, `192.0.2.2:56150` → false. */
function loopbackHost(hostHeader) {
  if (typeof hostHeader !== 'string' || hostHeader === '') return false;
  const h = hostHeader.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost');
}

/** No Origin (same-origin GETs, curl, the bot's own calls) passes; one must be a loopback page. */
function loopbackOrigin(origin) {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && loopbackHost(u.host);
  } catch {
    return false;
  }
}

function allowed(req) {
  return loopbackHost(req.headers.host) && loopbackOrigin(req.headers.origin);
}

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function guardedListen(...args) {
  const first = args[0];
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    if (first.path === undefined && first.fd === undefined && first.handle === undefined) {
      if (isWildcard(first.host)) args[0] = { ...first, host: LOOPBACK_HOST };
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] === 'string') {
      if (isWildcard(args[1])) args[1] = LOOPBACK_HOST;
    } else {
      args.splice(1, 0, LOOPBACK_HOST);
    }
  } else if (first === undefined || typeof first === 'function') {
    // listen([callback]): a random port on every interface.
    args.splice(0, 0, 0, LOOPBACK_HOST);
  }
  return listen.apply(this, args);
};

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function guardedEmit(event, ...rest) {
  if (event === 'request') {
    const [req, res] = rest;
    if (!allowed(req)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('Forbidden: the Agents Playground answers only http://localhost pages.\n');
      return true;
    }
  } else if (event === 'upgrade') {
    const [req, socket] = rest;
    if (!allowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
  }
  return emit.call(this, event, ...rest);
};

module.exports = { loopbackHost, loopbackOrigin };
