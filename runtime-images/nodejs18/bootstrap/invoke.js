'use strict';
// Calling user code and deciding how the call ended.
//
// Every call runs inside its own AsyncLocalStorage store, so that console output, uncaught exceptions
// and unhandled rejections that happen in its asynchronous context are attributed to it.
// The first outcome wins; later ones (a second callback, a rejection after the callback, ...) are
// ignored.
//
// Outcomes: {ok: true, value} or {ok: false, kind: HANDLED | UNHANDLED, error}.
//   callback(err, ...)          with err != null             -> HANDLED error
//   callback(null, value)                                    -> ok(value)
//   a synchronous throw                                      -> UNHANDLED
//   returns a promise that rejects                           -> UNHANDLED
//   returns a promise that resolves to v !== undefined       -> ok(v)               (nodejs18 semantics)
//   resolves to undefined, the function declares no callback -> ok(undefined)
//   resolves to undefined, the function declares a callback  -> wait for the callback
//   returns a non-promise, the function declares no callback -> ok(returned value)
//   an uncaught exception / unhandled rejection in the call's asynchronous context -> UNHANDLED
// `settleOnReturn: false` (HTTP handlers) means only explicit completion (resp.send) or an error ends
// the call; resolved values are ignored.

const { als } = require('./log');
const { HANDLED, UNHANDLED } = require('./errors');

// store: {requestId, ...}; fn: user function; args: its arguments without the callback.
function runUser(store, fn, args, { settleOnReturn = true, withCallback = true } = {}) {
  return new Promise((resolve) => {
    store.settled = false;
    store.settle = (outcome) => {
      if (store.settled) return false;
      store.settled = true;
      resolve(outcome);
      return true;
    };
    const callback = (err, value) => {
      if (err !== null && err !== undefined) store.settle({ ok: false, kind: HANDLED, error: err });
      else store.settle({ ok: true, value });
    };
    const declaresCallback = withCallback && fn.length > args.length;

    als.run(store, () => {
      let returned;
      try {
        returned = withCallback ? fn(...args, callback) : fn(...args);
      } catch (err) {
        store.settle({ ok: false, kind: UNHANDLED, error: err });
        return;
      }
      if (returned && typeof returned.then === 'function') {
        Promise.resolve(returned).then(
          (value) => {
            if (!settleOnReturn) return;
            if (value !== undefined || !declaresCallback) store.settle({ ok: true, value });
          },
          (err) => store.settle({ ok: false, kind: UNHANDLED, error: err }),
        );
      } else if (settleOnReturn && !declaresCallback) {
        store.settle({ ok: true, value: returned });
      }
    });
  });
}

// Routes a process-level error (uncaughtException / unhandledRejection) to the request whose
// asynchronous context it came from. Returns false when it belongs to no pending request.
function failCurrent(err) {
  const store = als.getStore();
  if (store && typeof store.settle === 'function' && !store.settled) {
    return store.settle({ ok: false, kind: UNHANDLED, error: err });
  }
  return false;
}

module.exports = { runUser, failCurrent };
