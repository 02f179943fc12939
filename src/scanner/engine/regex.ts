import { createRequire } from 'node:module';
import { RE2JS, RE2Set } from 're2js';

/**
 * The regular-expression engine the scanner matches with. Both backends are RE2: the same syntax,
 * the same answers, and time linear in the input whatever the pattern, which is what lets a rule
 * pack run on hostile text. The native binding (the `re2` package, Google's RE2 in C++) is used
 * when it was built at install; it is an optional dependency, so where it cannot be built the
 * scanner runs on re2js, a port of RE2 to JavaScript, several times slower.
 * `SKILLPORT_SCANNER_REGEX=re2js` (or `native`) chooses one explicitly.
 */
export interface Regex {
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /** Every match in order, as UTF-16 offsets into `text`; empty matches included. */
  matches(text: string): Generator<RegexMatch>;
}

export interface RegexMatch {
  start: number;
  end: number;
  /** The span of the group named `secret`, or -1 when the pattern has none or it did not take part. */
  secretStart: number;
  secretEnd: number;
}

/** Many patterns matched in one pass: which of them occur. */
export interface RegexSet {
  /** Positions, in the order the patterns were given, of the patterns that match somewhere in `text`. */
  match(text: string): number[];
}

export interface RegexEngine {
  readonly name: 'native' | 're2js';
  /** Compiles a pattern in multi-line mode (`^` and `$` at line ends); throws on a pattern RE2 rejects. */
  compile(source: string, options?: { ignoreCase?: boolean }): Regex;
  set(sources: string[], memory: number): RegexSet;
}

const SECRET_GROUP = '(?P<secret>';

interface NativeMatch {
  index: number;
  0: string;
  indices?: { groups?: Record<string, [number, number] | undefined> };
}
interface NativeRegExp {
  lastIndex: number;
  test(text: string): boolean;
  exec(text: string): NativeMatch | null;
}
interface NativeModule {
  new (source: string, flags: string): NativeRegExp;
  Set: new (sources: string[], flags: string, options: { anchor: 'unanchored' }) => { match(text: string): number[] };
}

function nativeEngine(RE2: NativeModule): RegexEngine {
  return {
    name: 'native',
    compile(source, options = {}) {
      const hasSecret = source.includes(SECRET_GROUP);
      // One global instance: `lastIndex` is its cursor (reset before each use), `d` gives group offsets.
      const finder = new RE2(source, `g${hasSecret ? 'd' : ''}${options.ignoreCase ? 'imu' : 'mu'}`);
      return {
        test(text) {
          finder.lastIndex = 0;
          return finder.test(text);
        },
        *matches(text) {
          // The cursor is kept here, not in the shared instance: a test() between two matches cannot move it.
          let cursor = 0;
          while (cursor <= text.length) {
            finder.lastIndex = cursor;
            const m = finder.exec(text);
            if (m === null) return;
            const start = m.index;
            const end = start + m[0].length;
            const secret = hasSecret ? m.indices?.groups?.secret : undefined;
            // An empty match leaves the cursor in place: step past it, over a whole surrogate pair.
            cursor = end === start ? end + (isPairAt(text, end) ? 2 : 1) : end;
            yield { start, end, secretStart: secret ? secret[0] : -1, secretEnd: secret ? secret[1] : -1 };
          }
        },
      };
    },
    set(sources) {
      const set = new RE2.Set(sources, 'mu', { anchor: 'unanchored' });
      return { match: (text) => set.match(text) };
    },
  };
}

const isPairAt = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
};

const jsEngine: RegexEngine = {
  name: 're2js',
  compile(source, options = {}) {
    const re = RE2JS.compile(source, options.ignoreCase ? RE2JS.MULTILINE | RE2JS.CASE_INSENSITIVE : RE2JS.MULTILINE);
    const hasSecret = source.includes(SECRET_GROUP) && 'secret' in re.namedGroups();
    return {
      test: (text) => re.test(text),
      *matches(text) {
        const m = re.matcher(text);
        while (m.find()) {
          const secret = hasSecret ? m.start('secret') : -1;
          yield { start: m.start(), end: m.end(), secretStart: secret, secretEnd: secret >= 0 ? m.end('secret') : -1 };
        }
      },
    };
  },
  set(sources, memory) {
    const set = new RE2Set(RE2Set.UNANCHORED, RE2JS.MULTILINE, memory);
    for (const source of sources) set.add(source);
    set.compile();
    return { match: (text) => set.match(text) };
  },
};

function loadNative(): NativeModule | undefined {
  try {
    return createRequire(import.meta.url)('re2') as NativeModule;
  } catch {
    return undefined;
  }
}

function chooseEngine(): RegexEngine {
  const wanted = process.env.SKILLPORT_SCANNER_REGEX;
  if (wanted === 're2js') return jsEngine;
  const native = loadNative();
  if (native) return nativeEngine(native);
  if (wanted === 'native') throw new Error('SKILLPORT_SCANNER_REGEX=native, but the re2 package is not installed or did not build; reinstall with a C++ compiler and Python present, or unset it to use re2js');
  return jsEngine;
}

let engine: RegexEngine | undefined;

/** The engine this process matches with, chosen on first use. */
export function regexEngine(): RegexEngine {
  return (engine ??= chooseEngine());
}
