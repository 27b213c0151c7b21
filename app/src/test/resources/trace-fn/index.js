'use strict';
// The functions of LoadtestTraceIT (nodejs18, written as for Function Compute): each invocation writes one
// "trace-hit" line to its output, which the platform captures, and answers after WORK_MS milliseconds.
exports.hit = (event, context, callback) => {
  console.log('trace-hit');
  setTimeout(() => callback(null, 'ok'), Number(process.env.WORK_MS || '0'));
};
