import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { HitLog, LiteralSet } from '../src/scanner/engine/aho-corasick.js';
import { LineIndex } from '../src/scanner/engine/lines.js';
import { requiredLiterals } from '../src/scanner/engine/literals.js';
import { patternShape, runToken } from '../src/scanner/engine/regex-shape.js';
import { ContentLines, lineWindows, windowText } from '../src/scanner/engine/windows.js';

describe('pattern shape', () => {
  it('counts the line gaps a match can cross', () => {
    expect(patternShape(String.raw`curl[^\n]*`, true).maxLineGaps).toBe(0);
    expect(patternShape(String.raw`curl[^\n]*\|\s*sh`, true).maxLineGaps).toBe(1);
    // Repeated whitespace is one gap however many blank lines it spans.
    expect(patternShape(String.raw`ask(?:\s)+them\s+to`, true).maxLineGaps).toBe(2);
    expect(patternShape(String.raw`(?:\w+\s+){0,3}done`, true).maxLineGaps).toBe(3);
    expect(patternShape(String.raw`(?:\w+\s+)*done`, true).maxLineGaps).toBe(Infinity);
    expect(patternShape(String.raw`begin[\s\S]*end`, true).maxLineGaps).toBe(Infinity);
    expect(patternShape(String.raw`(?s)begin.*end`, true).maxLineGaps).toBe(Infinity);
    expect(patternShape(String.raw`begin.*end`, true).maxLineGaps).toBe(0);
  });

  it('sends patterns that read the ends of the text to the whole text', () => {
    expect(patternShape(String.raw`\Afoo`, true).wholeText).toBe(true);
    expect(patternShape(String.raw`(?-m)^foo`, true).wholeText).toBe(true);
    expect(patternShape(String.raw`^foo$`, true).wholeText).toBe(false);
  });

  it('finds the runs a pattern made of classes requires', () => {
    const { runs } = patternShape(String.raw`[A-Za-z0-9+/]{24,}={0,2}`, true);
    expect(runs.length).toBeGreaterThan(0);
    expect(patternShape(String.raw`(?:\d{2,3}\s*,\s*){11,}\d{2,3}`, true).runs.length).toBeGreaterThan(0);
    // Letters and spaces together are any sentence: no run.
    expect(patternShape(String.raw`[a-z ]{40,}`, true).runs).toEqual([]);
    expect(patternShape(String.raw`[A-Za-z]{3,}`, true).runs).toEqual([]);
  });
});

describe('literal set runs', () => {
  it('marks a run only when one is long enough, folding ſ and K as RE2 does', () => {
    const token = runToken({ chars: [...'abcdefghijklmnopqrstuvwxyz'].map((c) => c.charCodeAt(0)), fold: true, length: 20 });
    const set = new LiteralSet([{ text: token, exactCase: false }]);
    const seen = (text: string) => {
      const marks = new Uint8Array(1);
      set.scan(text, marks);
      return marks[0];
    };
    expect(seen('short words only here')).toBe(0);
    expect(seen('x abcdefghijklmnopqrstuvwxyz y')).toBe(1);
    expect(seen('abcdefghijklmnopqrst')).toBe(1);
    expect(seen('abcdefghi\u017fklmnopqr\u212Auvwxyz')).toBe(1);
  });
});

/** Seeded generator, so a failure repeats. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('line windows', () => {
  const PATTERNS = [
    String.raw`\bcurl\b[^\n]*\|\s*(?:ba)?sh\b`,
    String.raw`\bignore\s+(?:all\s+)?previous\s+instructions`,
    String.raw`^\s*rm\s+-rf\s+/\s*$`,
    String.raw`(?:send|post)\s+(?:\w+\s+){0,2}token\b`,
    String.raw`token\s*[:=]\s*["']?[A-Za-z0-9]{6,}`,
    String.raw`\bsudo\b.*\bchmod\b`,
  ];
  const PIECES = ['curl', 'http://x', '|', 'sh', 'bash', 'ignore', 'all', 'previous', 'instructions', 'rm', '-rf', '/', 'send', 'post', 'the', 'token', ':', '=', '"abc123XYZ"', 'sudo', 'chmod', 'Ignore', 'TOKEN'];
  const GAPS = [' ', ' ', ' ', '  ', '\t', '\n', '\n\n', '\n  \n', ' \n', '\r\n', '\n\t'];

  it('finds a match in some window exactly when the whole text has one', () => {
    const compiled = PATTERNS.map((source) => ({
      re: RE2JS.compile(source, RE2JS.MULTILINE | RE2JS.CASE_INSENSITIVE),
      required: requiredLiterals(source, true)!,
      gaps: patternShape(source, true).maxLineGaps,
    }));
    const literals = [...new Set(compiled.flatMap((c) => c.required.flat()))];
    const set = new LiteralSet(literals.map((text) => ({ text, exactCase: false })));
    const next = random(7);
    let compared = 0;
    for (let round = 0; round < 400; round++) {
      let text = '';
      const words = 5 + Math.floor(next() * 60);
      for (let i = 0; i < words; i++) text += PIECES[Math.floor(next() * PIECES.length)]! + GAPS[Math.floor(next() * GAPS.length)]!;
      const seen = new Uint8Array(literals.length);
      const log = new HitLog();
      set.scan(text, seen, log);
      const found = set.occurrences(log);
      const lines = new LineIndex(text);
      const content = new ContentLines(text, lines);
      for (const c of compiled) {
        if (!Number.isFinite(c.gaps)) continue;
        const whole = c.re.test(text);
        // The literal set with the fewest occurrences, as the engine picks it.
        const anchors = c.required
          .map((anyOf) => anyOf.map((l) => literals.indexOf(l)).map((id) => ({ spans: found.spans, from: found.first[id]!, to: found.first[id + 1]! })))
          .sort((x, y) => x.reduce((n, a) => n + a.to - a.from, 0) - y.reduce((n, a) => n + a.to - a.from, 0))[0]!;
        const windows = lineWindows(anchors, lines, content, text.length, c.gaps);
        if (!windows) continue;
        let inWindow = false;
        for (let w = 0; w < windows.offsets.length; w += 2) if (c.re.test(windowText(text, windows, w))) inWindow = true;
        expect(inWindow, `${c.re.toString()} on ${JSON.stringify(text)}`).toBe(whole);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
