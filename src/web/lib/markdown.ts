import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Only these survive: enough for a README, nothing that runs, loads or restyles the page. */
const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'code', 'del', 'details', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img',
  'input', 'ins', 'kbd', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'align', 'colspan', 'rowspan', 'type', 'checked', 'disabled', 'lang'];

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    // Only web and mail links, and in-page anchors; everything else (javascript:, data:, vbscript:) goes.
    if (!/^(https?:|mailto:|#)/i.test(href)) node.removeAttribute('href');
    else if (/^https?:/i.test(href)) {
      node.setAttribute('rel', 'noopener noreferrer nofollow');
      node.setAttribute('target', '_blank');
    }
  }
  if (node.tagName === 'IMG') {
    // The page's Content-Security-Policy would block images from elsewhere; say so instead of a broken icon.
    const src = node.getAttribute('src') ?? '';
    if (!/^data:image\/(png|gif|jpeg|webp);/i.test(src)) node.removeAttribute('src');
  }
  if (node.tagName === 'INPUT') {
    if (node.getAttribute('type') !== 'checkbox') node.remove();
    else node.setAttribute('disabled', '');
  }
});

/**
 * Markdown to safe HTML. marked turns the text into HTML (raw HTML in the text included); DOMPurify
 * then keeps only the allowed tags and attributes: no script, no event handlers, no SVG, no
 * style, no comments, no forms, no frames.
 */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return purifier.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    SAFE_FOR_TEMPLATES: true,
    FORBID_CONTENTS: ['script', 'style', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'noscript'],
  });
}
