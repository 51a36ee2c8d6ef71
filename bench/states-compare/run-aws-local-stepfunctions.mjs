// Runs a definition with aws-local-stepfunctions and prints {"tool","wallMs","count"} on one line.
// Node 20 lacks Promise.withResolvers, which aws-local-stepfunctions 3.0 uses: polyfill it first.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

const { readFileSync } = await import('node:fs');
const { StateMachine } = await import('aws-local-stepfunctions');
const [, , definitionFile, inputFile] = process.argv;
const started = performance.now();
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const machine = new StateMachine(definition);
const execution = machine.run(input);
const output = await execution.result;
const wallMs = performance.now() - started;
console.log(JSON.stringify({ tool: 'aws-local-stepfunctions', wallMs: Math.round(wallMs), count: Array.isArray(output) ? output.length : null }));
