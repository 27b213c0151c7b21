'use strict';
// The handler logic the benchmarks measure, shared by its Function Compute and AWS Lambda adapters: a small JSON answer.
exports.answer = (path, query) => ({ message: 'hello', path, n: Number(query.n || 0) + 1 });
