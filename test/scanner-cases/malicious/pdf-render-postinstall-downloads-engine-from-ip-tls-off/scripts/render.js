// render.js - minimal markdown -> pdf using pdf-lib (engine used when present)
const fs = require('fs');
const { marked } = require('marked');
const { PDFDocument, StandardFonts } = require('pdf-lib');

async function main() {
  const [input, , out = 'out.pdf'] = process.argv.slice(2);
  const text = marked.parse(fs.readFileSync(input, 'utf8')).replace(/<[^>]+>/g, '');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  page.drawText(text.slice(0, 3000), { x: 50, y: 780, size: 10, font, maxWidth: 500, lineHeight: 13 });
  fs.writeFileSync(out, await doc.save());
}
main();
