/**
 * Commands that Python or JavaScript hand to a shell (`subprocess.run(["curl", …])`,
 * `os.system(f"curl -d {data} …")`, `execSync(\`gh auth token\`)`): the command is rebuilt as
 * shell text in which every value that is not a plain literal becomes a variable, and the shell
 * analysis reads it with those variables bound, so a secret interpolated into a curl command is
 * followed into curl's arguments. Findings are placed at the call.
 */
import { quote } from 'shell-quote';
import type { FlowContext } from './context.js';
import { ShellAnalyzer } from './shell.js';
import { UNKNOWN, type Value, data, tainted } from './value.js';

export function runCommand(ctx: FlowContext, tick: () => void, command: Value, at: number, end: number, asList: boolean): Value {
  const vars = new Map<string, Value>();
  let n = 0;
  const variable = (v: Value) => {
    const name = `__v${n++}`;
    vars.set(name, v);
    return `\${${name}}`;
  };
  const literal = (v: Value) => (v.str.length === 1 && !tainted(v) && !v.str[0]!.includes(UNKNOWN) ? v.str[0]! : null);
  let script: string;
  if (asList && command.items) {
    script = command.items.map((item) => {
      const s = literal(item);
      return s !== null ? quote([s]) : `"${variable(item)}"`;
    }).join(' ');
  } else if (command.parts) {
    script = command.parts.map((p) => (typeof p === 'string' ? p : (literal(p) ?? variable(p)))).join('');
  } else {
    script = literal(command) ?? variable(command);
  }
  try {
    const run = new ShellAnalyzer(ctx, tick, vars, { at, end }).run(script, at);
    return run.output;
  } catch {
    return { ...data(command), str: [] };
  }
}
