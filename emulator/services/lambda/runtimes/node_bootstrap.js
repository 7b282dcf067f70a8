// Terrarium's Lambda runtime loop for Node.js: the Runtime API client an execution environment
// runs. Loads the handler named by _HANDLER ("file.export", CommonJS or ES module under
// LAMBDA_TASK_ROOT), then forever: GET /invocation/next, call the handler (async, promise or
// callback style), POST the result or the error ({errorType, errorMessage, trace}).
'use strict';

const http = require('http');
const path = require('path');
const fs = require('fs');
const url = require('url');

const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const BASE = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port: Number(PORT), method, path: urlPath, agent, headers: headers || {} },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function errorDocument(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    errorType: e.name || 'Error',
    errorMessage: e.message,
    trace: (e.stack || '').split('\n'),
  };
}

async function loadHandler() {
  const spec = process.env._HANDLER || '';
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) {
    const e = new Error(`Bad handler ${spec}`);
    e.name = 'Runtime.MalformedHandlerName';
    throw e;
  }
  const modulePath = path.resolve(root, spec.slice(0, dot));
  const name = spec.slice(dot + 1);
  let mod;
  const candidates = ['.js', '.mjs', '.cjs'].map((ext) => modulePath + ext);
  const file = candidates.find((f) => fs.existsSync(f));
  try {
    if (!file) throw new Error(`Cannot find module '${spec.slice(0, dot)}'`);
    if (file.endsWith('.mjs')) {
      mod = await import(url.pathToFileURL(file).href);
    } else {
      try {
        mod = require(file);
      } catch (e) {
        if (e.code !== 'ERR_REQUIRE_ESM') throw e;
        mod = await import(url.pathToFileURL(file).href);
      }
    }
  } catch (e) {
    const wrapped = new Error(`${e.message}`);
    wrapped.name = 'Runtime.ImportModuleError';
    wrapped.stack = e.stack;
    throw wrapped;
  }
  const handler = mod[name] || (mod.default && mod.default[name]);
  if (typeof handler !== 'function') {
    const e = new Error(`${spec.slice(0, dot)}.${name} is undefined or not exported`);
    e.name = 'Runtime.HandlerNotFound';
    throw e;
  }
  return handler;
}

function invoke(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err); else resolve(result);
    };
    context.done = callback;
    context.succeed = (r) => callback(null, r);
    context.fail = (e) => callback(e);
    try {
      const out = handler(event, context, callback);
      if (out && typeof out.then === 'function') {
        out.then((r) => callback(null, r), (e) => callback(e === undefined ? new Error('undefined') : e));
      } else if (handler.length < 3) {
        callback(null, out);
      }
    } catch (e) {
      callback(e);
    }
  });
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (e) {
    console.error(e);
    const doc = errorDocument(e);
    await request('POST', `${BASE}/init/error`, JSON.stringify(doc),
      { 'Lambda-Runtime-Function-Error-Type': doc.errorType });
    process.exit(1);
  }
  for (;;) {
    const { res, body } = await request('GET', `${BASE}/invocation/next`);
    if (res.statusCode === 410) process.exit(0);
    if (res.statusCode !== 200) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const id = res.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(res.headers['lambda-runtime-deadline-ms']);
    process.env._X_AMZN_TRACE_ID = res.headers['lambda-runtime-trace-id'] || '';
    const context = {
      awsRequestId: id,
      invokedFunctionArn: res.headers['lambda-runtime-invoked-function-arn'],
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    try {
      const event = body.length ? JSON.parse(body.toString('utf8')) : {};
      const result = await invoke(handler, event, context);
      const payload = result === undefined ? 'null' : JSON.stringify(result);
      await request('POST', `${BASE}/invocation/${id}/response`, payload);
    } catch (e) {
      const doc = errorDocument(e);
      console.error(`${new Date().toISOString()}\t${id}\tERROR\tInvoke Error \t${JSON.stringify(doc)}`);
      await request('POST', `${BASE}/invocation/${id}/error`, JSON.stringify(doc),
        { 'Lambda-Runtime-Function-Error-Type': 'Unhandled' });
    }
  }
}

main();
