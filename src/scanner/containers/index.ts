import { readScanFile } from '../engine/decode.js';
import type { SkillFileView, SkillView } from '../engine/types.js';
import type { ScanFile } from '../types.js';
import { readNotebook } from './notebook.js';
import { isOfficeName, readOffice } from './office.js';
import { isCompiledPython, pycStrings } from './pyc.js';
import { gunzipBounded, readTar } from './tar.js';
import { NotOpened, type ContainerBudget, type Member } from './types.js';
import { readZip } from './zip.js';

/**
 * Looking inside the files of a skill that hold other files: zip and tar archives (gzip-compressed
 * or not), Office documents (zip containers of XML), Jupyter notebooks (JSON holding cells) and
 * compiled Python. Each becomes the files it amounts to, named `<container>!/<path inside>`, and
 * those are scanned like any other file: scripts are parsed for data flow, markdown is judged in
 * context. Everything happens in memory within a budget; a container that cannot be opened safely
 * stays closed and is reported with the reason.
 */

/** What was done with one container, for the checks that report on containers. */
export interface ContainerReport {
  path: string;
  /** `zip archive`, `tar.gz archive`, `Word document`, `Jupyter notebook`, `compiled Python`. */
  format: string;
  bytes: number;
  /** Files scanned from inside, when opened. */
  members: number;
  /** Why it was not opened. */
  notOpened?: string;
  /** Hidden text, hidden cells and the like: reasons for a reviewer to look. */
  hidden: string[];
  /** Compiled Python only: whether a source file with the same name ships beside it. */
  hasSource?: boolean;
  /** Compiled Python only: its strings, for the check that reads what the code references. */
  strings?: string;
}

const reports = new WeakMap<SkillView, ContainerReport[]>();

export function containerReports(skill: SkillView): ContainerReport[] {
  return reports.get(skill) ?? [];
}

/** Containers inside containers are opened this deep (a zip holding a notebook); deeper ones stay closed. */
const MAX_DEPTH = 2;
const MAX_MEMBERS = 1000;

const OFFICE_FORMAT: Record<string, string> = { d: 'Word document', x: 'Excel workbook', p: 'PowerPoint presentation', o: 'OpenDocument file' };

function officeFormat(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ext.startsWith('od') ? OFFICE_FORMAT.o! : OFFICE_FORMAT[ext.charAt(0)] ?? 'Office document';
}

function bytesOf(content: string | Uint8Array): Uint8Array | null {
  if (typeof content !== 'string') return content;
  const out = new Uint8Array(content.length);
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c > 255) return null;
    out[i] = c;
  }
  return out;
}

const isTarGz = (lower: string) => lower.endsWith('.tar.gz') || lower.endsWith('.tgz');
const looksLikeTar = (bytes: Uint8Array) => bytes.byteLength >= 262 && bytes[257] === 0x75 && bytes[258] === 0x73 && bytes[259] === 0x74 && bytes[260] === 0x61 && bytes[261] === 0x72;

interface Opened {
  format: string;
  members: Member[];
  hidden: string[];
  strings?: string;
}

/** Opens one container, or says it is not one (null). Throws NotOpened when it is one but cannot be read. */
function open(path: string, view: SkillFileView, raw: string | Uint8Array, budget: ContainerBudget): Opened | null {
  const lower = path.toLowerCase();
  if (view.kind === 'text' && lower.endsWith('.ipynb')) {
    const { members, hiddenCells } = readNotebook(view.text);
    const hidden = hiddenCells.length === 0 ? [] : [hiddenCells.length === 1 ? `cell ${hiddenCells[0]} is marked hidden or collapsed` : `cells ${hiddenCells.join(', ')} are marked hidden or collapsed`];
    return { format: 'Jupyter notebook', members, hidden };
  }
  const bytes = bytesOf(raw);
  if (view.kind === 'text') {
    if (!bytes || !isCompiledPython(path, bytes)) return null;
    const { text, complete } = pycStrings(bytes);
    return { format: 'compiled Python', members: [{ name: 'strings.txt', content: text }], hidden: complete ? [] : ['only part of its strings could be read'], strings: text };
  }
  if (view.kind !== 'archive') return null;
  if (!bytes) throw new NotOpened('its bytes were not passed to the scanner as binary');
  if (view.format === 'zip') {
    if (isOfficeName(path)) {
      const office = readOffice(readZip(bytes, budget));
      return { format: officeFormat(path), members: [...office.texts, ...office.others], hidden: office.hidden };
    }
    return { format: 'zip archive', members: readZip(bytes, budget), hidden: [] };
  }
  if (view.format === 'tar') return { format: 'tar archive', members: readTar(bytes, budget), hidden: [] };
  if (view.format === 'gzip') {
    const inflated = gunzipBounded(bytes, Math.min(budget.maxTotalBytes - budget.used, isTarGz(lower) ? budget.maxTotalBytes : budget.maxMemberBytes));
    if (isTarGz(lower) || looksLikeTar(inflated)) return { format: 'tar.gz archive', members: readTar(inflated, budget), hidden: [] };
    budget.used += inflated.byteLength;
    const base = path.slice(path.lastIndexOf('/') + 1);
    return { format: 'gzip file', members: [{ name: base.toLowerCase().endsWith('.gz') ? base.slice(0, -3) : base, content: inflated }], hidden: [] };
  }
  throw new NotOpened(`${view.format} archives are not read by the scanner`);
}

/**
 * Replaces each container in `skill.files` by the files inside it (recursively, to a bounded
 * depth) and records what was done for the container checks. `raw` holds the scan's input files,
 * for the bytes of files the view decoded as text (notebooks, compiled Python).
 */
export function expandContainers(skill: SkillView, raw: ScanFile[], limits: { maxFileBytes: number; maxTotalBytes: number }, notes: string[], deadline: { check(): void }): void {
  const budget: ContainerBudget = { maxMemberBytes: limits.maxFileBytes, maxTotalBytes: limits.maxTotalBytes, maxMembers: MAX_MEMBERS, used: 0 };
  const rawByPath = new Map(raw.map((f) => [f.path, f.content]));
  const found: ContainerReport[] = [];
  const sources = new Set(skill.files.filter((f) => f.path.toLowerCase().endsWith('.py')).map((f) => f.path.slice(f.path.lastIndexOf('/') + 1, -3).toLowerCase()));

  const expand = (view: SkillFileView, content: string | Uint8Array, depth: number): SkillFileView[] => {
    deadline.check();
    let opened: Opened | null;
    try {
      opened = open(view.path, view, content, budget);
    } catch (err) {
      if (!(err instanceof NotOpened)) throw err;
      found.push({ path: view.path, format: view.kind === 'text' ? 'Jupyter notebook' : `${view.format} archive`, bytes: view.bytes, members: 0, notOpened: err.message, hidden: [] });
      if (view.kind === 'text') notes.push(`${view.path}: ${err.message}; scanned as plain text`);
      return [view];
    }
    if (opened === null) return [view];
    const report: ContainerReport = { path: view.path, format: opened.format, bytes: view.bytes, members: 0, hidden: opened.hidden };
    if (opened.format === 'compiled Python') {
      // The notes about decoding it as text no longer apply: its strings are what is scanned.
      for (let i = notes.length - 1; i >= 0; i--) if (notes[i]!.startsWith(`${view.path}: `)) notes.splice(i, 1);
      const stem = view.path.slice(view.path.lastIndexOf('/') + 1).split('.')[0]!.toLowerCase();
      report.hasSource = sources.has(stem);
      report.strings = opened.strings;
    }
    found.push(report);
    const out: SkillFileView[] = [];
    for (const member of opened.members) {
      const path = `${view.path}!/${member.name}`;
      const bytes = typeof member.content === 'string' ? Buffer.byteLength(member.content) : member.content.byteLength;
      const inner = readScanFile({ path, content: member.content }, bytes, notes);
      report.members++;
      if (depth < MAX_DEPTH) out.push(...expand(inner, member.content, depth + 1));
      else if (inner.kind === 'archive' || (inner.kind === 'text' && path.toLowerCase().endsWith('.ipynb'))) {
        found.push({ path, format: inner.kind === 'archive' ? `${inner.format} archive` : 'Jupyter notebook', bytes, members: 0, notOpened: `it is nested more than ${MAX_DEPTH} containers deep`, hidden: [] });
        out.push(inner);
      } else out.push(inner);
    }
    return out;
  };

  const files: SkillFileView[] = [];
  for (const view of skill.files) files.push(...expand(view, rawByPath.get(view.path) ?? (view.kind === 'text' ? view.text : new Uint8Array()), 1));
  skill.files.splice(0, skill.files.length, ...files);
  reports.set(skill, found);
}
