import { fileTypeMatcher } from '../engine/file-types.js';
import type { Hit, TextFileView } from '../engine/types.js';
import type { CheckDefinition } from './types.js';

/** Blank lines in a row after which content is out of sight of anyone reading the file in an editor or a review page. */
export const LONG_BLANK_RUN = 200;

const isScript = fileTypeMatcher(['@script']);

/**
 * The first run of at least LONG_BLANK_RUN blank or whitespace-only lines that has content after
 * it: where that content starts (1-based line) and how long the run was. One pass over the text.
 */
export function contentAfterBlankRun(text: string): { line: number; blank: number } | null {
  let line = 1;
  let run = 0;
  let lineHasContent = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10) {
      if (lineHasContent) {
        if (run >= LONG_BLANK_RUN) return { line, blank: run };
        run = 0;
      } else run++;
      lineHasContent = false;
      line++;
    } else if (c !== 32 && c !== 9 && c !== 13 && c !== 0x0b && c !== 0x0c && c !== 0xa0 && c !== 0x3000 && c !== 0xfeff) lineHasContent = true;
  }
  return null;
}

/**
 * Content placed after a long run of blank lines in the skill file or a script: the files the agent
 * follows or runs. (Every file is scanned to its end whatever its blank lines; this says that
 * something was put where a person would not scroll.)
 */
export const CONTENT_AFTER_BLANK_RUN: CheckDefinition = {
  skill: (skill, rule) =>
    skill.files
      .filter((f): f is TextFileView => f.kind === 'text' && (f.path === skill.skillFile || isScript(f.path)))
      .flatMap((f): Hit[] => {
        const found = contentAfterBlankRun(f.text);
        return found ? [{ rule, file: f.path, line: found.line, message: `content starts again at line ${found.line}, after ${found.blank} blank lines: out of sight of a person reading the file, read by the agent; it was scanned like the rest` }] : [];
      })
      .slice(0, rule.maxPerFile),
};
