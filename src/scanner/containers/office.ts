import type { Member } from './types.js';

const decoder = new TextDecoder('utf-8');

/** Office Open XML and OpenDocument files: zip containers whose text lives in XML parts. */
export const OFFICE_EXTENSIONS = ['.docx', '.docm', '.dotx', '.dotm', '.xlsx', '.xlsm', '.xltx', '.xltm', '.pptx', '.pptm', '.potx', '.odt', '.ods', '.odp'];

export function isOfficeName(path: string): boolean {
  const lower = path.toLowerCase();
  return OFFICE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Closing tags after which a reader would see a new line: paragraphs, table rows, shared strings, slides' paragraphs. */
/** Paragraphs of a document end in a blank line, so that each reads as its own paragraph. */
const PARAGRAPH_ENDS = new Set(['/w:p', '/a:p', '/text:p', '/text:h']);
const LINE_ENDS = new Set(['/si', '/row', '/table:table-row', 'w:br', 'w:cr', '/comment', '/w:comment', '/dc:title', '/dc:subject', '/dc:description', '/cp:keywords', '/property']);
const CELL_ENDS = new Set(['/c', '/w:tc', 'w:tab', '/table:table-cell']);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntity(name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X')) {
    const code = parseInt(name.slice(2), 16);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }
  if (name.startsWith('#')) {
    const code = parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }
  return ENTITIES[name] ?? `&${name};`;
}

/**
 * The text a reader of the document sees (and some they do not: text formatted white or hidden
 * is text all the same), one paragraph, row or shared string per line, cells separated by tabs.
 * One pass over the characters; external link targets in relationship parts are kept as lines.
 */
export function xmlText(xml: string): string {
  let out = '';
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const chunk = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    if (chunk) out += decodeText(chunk);
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) break;
    const tag = xml.slice(lt + 1, gt);
    const closing = tag.startsWith('/');
    let nameEnd = closing ? 1 : 0;
    while (nameEnd < tag.length && !' \t\r\n/'.includes(tag.charAt(nameEnd))) nameEnd++;
    const name = (closing ? '/' : '') + tag.slice(closing ? 1 : 0, nameEnd);
    if (PARAGRAPH_ENDS.has(name)) out += '\n\n';
    else if (LINE_ENDS.has(name)) out += '\n';
    else if (CELL_ENDS.has(name)) out += '\t';
    if (name === 'Relationship' && tag.includes('TargetMode="External"')) {
      const at = tag.indexOf('Target="');
      if (at !== -1) out += `${decodeText(tag.slice(at + 8, tag.indexOf('"', at + 8)))}\n`;
    }
    i = gt + 1;
  }
  return out;
}

function decodeText(chunk: string): string {
  if (!chunk.includes('&')) return chunk;
  let out = '';
  let i = 0;
  while (i < chunk.length) {
    const amp = chunk.indexOf('&', i);
    if (amp === -1) {
      out += chunk.slice(i);
      break;
    }
    out += chunk.slice(i, amp);
    const semi = chunk.indexOf(';', amp);
    if (semi === -1 || semi - amp > 10) {
      out += '&';
      i = amp + 1;
      continue;
    }
    out += decodeEntity(chunk.slice(amp + 1, semi));
    i = semi + 1;
  }
  return out;
}

/** Signs that a part hides text from a reader: hidden runs, white or tiny text, hidden sheets. */
export function hiddenTextSigns(xml: string): string[] {
  const signs: string[] = [];
  if (xml.includes('<w:vanish/>') || xml.includes('<w:vanish ') || xml.includes('<w:specVanish')) signs.push('text marked hidden');
  if (xml.includes('w:val="FFFFFF"') && xml.includes('<w:color')) signs.push('white text');
  for (const size of ['"1"', '"2"', '"3"']) if (xml.includes(`<w:sz w:val=${size}`)) signs.push('text of one point or less');
  if (xml.includes('state="hidden"') || xml.includes('state="veryHidden"')) signs.push('hidden sheets');
  return [...new Set(signs)];
}

/** Walks the tags of an XML document: `onTag(name, tag)` for each tag, `onText(text)` for the text between. */
function walk(xml: string, onTag: (name: string, tag: string) => void, onText: (text: string) => void): void {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const chunk = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    if (chunk) onText(decodeText(chunk));
    if (lt === -1) return;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) return;
    const tag = xml.slice(lt + 1, gt);
    const closing = tag.startsWith('/');
    let nameEnd = closing ? 1 : 0;
    while (nameEnd < tag.length && !' \t\r\n/'.includes(tag.charAt(nameEnd))) nameEnd++;
    onTag((closing ? '/' : '') + tag.slice(closing ? 1 : 0, nameEnd), tag);
    i = gt + 1;
  }
}

function attribute(tag: string, name: string): string | null {
  const at = tag.indexOf(` ${name}="`);
  if (at === -1) return null;
  const from = at + name.length + 3;
  const end = tag.indexOf('"', from);
  return end === -1 ? null : tag.slice(from, end);
}

/** The shared strings of a workbook, in order. */
function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let current: string | null = null;
  let inText = false;
  walk(
    xml,
    (name) => {
      if (name === 'si') current = '';
      else if (name === '/si') {
        out.push(current ?? '');
        current = null;
      } else if (name === 't') inText = true;
      else if (name === '/t') inText = false;
    },
    (text) => {
      if (current !== null && inText) current += text;
    },
  );
  return out;
}

/**
 * A worksheet as a markdown table, one row per line, with shared strings resolved and formulas
 * kept (`=WEBSERVICE(…)` sends data too): so the first row reads as the table's header, the way a
 * person reads the sheet.
 */
function sheetTable(xml: string, strings: string[]): string {
  const rows: string[] = [];
  let cells: string[] = [];
  let type = '';
  let value = '';
  let formula = '';
  let inValue = false;
  let inFormula = false;
  let inInline = false;
  walk(
    xml,
    (name, tag) => {
      if (name === 'row') cells = [];
      else if (name === '/row') {
        if (cells.some((c) => c.trim())) {
          rows.push(`| ${cells.join(' | ')} |`);
          if (rows.length === 1) rows.push(`|${cells.map(() => ' --- ').join('|')}|`);
        }
      } else if (name === 'c') {
        type = attribute(tag, 't') ?? '';
        value = '';
        formula = '';
        if (tag.endsWith('/')) cells.push('');
      } else if (name === '/c') {
        const shown = type === 's' ? strings[Number(value)] ?? '' : value;
        cells.push(`${shown}${formula ? ` (=${formula})` : ''}`.split('|').join('\\|').split('\n').join(' '));
      } else if (name === 'v') inValue = true;
      else if (name === '/v') inValue = false;
      else if (name === 'f') inFormula = true;
      else if (name === '/f') inFormula = false;
      else if (name === 'is') inInline = true;
      else if (name === '/is') inInline = false;
    },
    (text) => {
      if (inValue || inInline) value += text;
      else if (inFormula) formula += text;
    },
  );
  return rows.join('\n');
}

export interface OfficeReading {
  /** Text of each XML part with any text in it, named `<part>.txt`. */
  texts: Member[];
  /** Parts that are not XML (macros, embedded objects, media), as they are. */
  others: Member[];
  hidden: string[];
}

export function readOffice(members: Member[]): OfficeReading {
  const texts: Member[] = [];
  const others: Member[] = [];
  const hidden = new Set<string>();
  const xmlOf = (m: Member) => (typeof m.content === 'string' ? m.content : decoder.decode(m.content));
  const shared = members.find((m) => m.name === 'xl/sharedStrings.xml');
  const strings = shared ? sharedStrings(xmlOf(shared)) : [];
  const sheets = members.filter((m) => m.name.startsWith('xl/worksheets/') && m.name.endsWith('.xml'));
  for (const m of members) {
    const lower = m.name.toLowerCase();
    if (lower.endsWith('.xml') || lower.endsWith('.rels')) {
      const xml = xmlOf(m);
      for (const sign of hiddenTextSigns(xml)) hidden.add(sign);
      // A workbook's strings are read in the sheets that show them.
      if (m === shared && sheets.length > 0) continue;
      const text = sheets.includes(m) ? sheetTable(xml, strings) : xmlText(xml);
      if (text.trim()) texts.push({ name: `${m.name}.txt`, content: text });
    } else others.push(m);
  }
  return { texts, others, hidden: [...hidden] };
}
