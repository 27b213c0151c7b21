'use strict';
// Function errors in FC's shape: {"errorMessage", "errorType", "stackTrace": [lines]}.
//
// HANDLED   = an error passed to callback(err)                  -> x-fc-error-type: HandledInvocationError
// UNHANDLED = everything else (throw, rejection, uncaught
//             exception, unhandled rejection, load error, ...)  -> x-fc-error-type: UnhandledInvocationError
//
// errorType is the error's own name ("Error", "TypeError", "HandlerNotFound", ...) for both kinds (as
// FC nodejs18+ does); a thrown/passed value that is not an Error gets "FunctionHandledError" or
// "FunctionUnhandledError" and no stackTrace (as FC does).

const path = require('path');

const HANDLED = 'HandledInvocationError';
// Stack frames of the runtime itself are noise for the function author: they are left out.
const RUNTIME_DIR = __dirname + path.sep;
const UNHANDLED = 'UnhandledInvocationError';

// Errors of the runtime itself about user code (load errors).
class RuntimeUserError extends Error {
  constructor(name, message, cause) {
    super(message);
    this.name = name;
    if (cause && cause.stack) {
      // Keep the user's stack (it names the file and line), under our type.
      this.stack = name + ': ' + message + '\n' + String(cause.stack);
    }
  }
}

function isErrorLike(value) {
  return value instanceof Error
    || (value !== null && typeof value === 'object'
        && typeof value.message === 'string' && typeof value.stack === 'string');
}

function messageOf(value) {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch (_) { /* fall through */ }
  return String(value);
}

function errorBody(value, kind) {
  if (isErrorLike(value)) {
    return {
      errorMessage: value.message,
      errorType: value.name || (value.constructor && value.constructor.name) || 'Error',
      stackTrace: String(value.stack).split('\n').filter((line) => !line.includes(RUNTIME_DIR)),
    };
  }
  return {
    errorMessage: messageOf(value),
    errorType: kind === HANDLED ? 'FunctionHandledError' : 'FunctionUnhandledError',
  };
}

module.exports = { HANDLED, UNHANDLED, RuntimeUserError, errorBody };
