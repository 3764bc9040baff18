/**
 * A thin layer over pdfkit (a maintained PDF library; no network, its standard fonts ship in
 * the package) with the few blocks a supervision record needs: title, heading, paragraph,
 * label/value lines, bullets. Text flows onto new pages by itself; every page carries a footer
 * so a printed page taken alone still says what it is.
 *
 * The standard Helvetica font covers Latin-1 (José, Müller, Zoë); a character outside it is
 * printed as '?' rather than as a wrong glyph, so nothing is silently misspelt.
 */
import PDFDocument from 'pdfkit';

export interface PdfMeta {
  title: string;
  /** One line printed at the foot of every page, e.g. the organisation and record id. */
  footer: string;
}

const MARGIN = 56;

/** WinAnsi (the standard fonts' encoding) is Latin-1 plus a few typographic marks. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function printable(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const code = ch.codePointAt(0) ?? 0;
    const ok =
      ch === '\n' ||
      (code >= 0x20 && code < 0x7f) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(ch);
    out += ok ? ch : '?';
  }
  return out;
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;

  constructor(meta: PdfMeta) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN + 16, left: MARGIN, right: MARGIN },
      info: {
        Title: printable(meta.title),
        Producer: 'Supervision Bot',
        Creator: 'Supervision Bot',
      },
      bufferPages: true,
    });
    this.footer = printable(meta.footer);
  }

  private readonly footer: string;

  title(text: string, subtitle?: string): this {
    this.doc.font('Helvetica-Bold').fontSize(16).text(printable(text));
    if (subtitle)
      this.doc.font('Helvetica').fontSize(10).fillColor('#444').text(printable(subtitle));
    this.doc.fillColor('black').moveDown(0.6);
    return this;
  }

  heading(text: string): this {
    this.doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(printable(text)).moveDown(0.2);
    return this;
  }

  paragraph(text: string, opts: { muted?: boolean; mono?: boolean } = {}): this {
    this.doc
      .font(opts.mono ? 'Courier' : 'Helvetica')
      .fontSize(opts.mono ? 8.5 : 10)
      .fillColor(opts.muted ? '#555' : 'black')
      .text(printable(text), { paragraphGap: 4 })
      .fillColor('black');
    return this;
  }

  /** `Label: value` lines, the label in bold. */
  fields(rows: ReadonlyArray<readonly [string, string]>): this {
    for (const [label, value] of rows) {
      this.doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${printable(label)}: `, { continued: true })
        .font('Helvetica')
        .text(printable(value));
    }
    return this;
  }

  bullets(items: readonly string[]): this {
    if (items.length === 0) return this.paragraph('None.', { muted: true });
    this.doc
      .font('Helvetica')
      .fontSize(10)
      .list(items.map(printable), { bulletRadius: 1.5, paragraphGap: 2 });
    return this;
  }

  /** Finishes the document (footers with page numbers) and returns its bytes. */
  async end(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - MARGIN;
      // Writing inside the bottom margin would start a new page; lift the margin for the footer.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor('#555')
        .text(`${this.footer} - page ${i + 1} of ${range.count}`, MARGIN, y, {
          width: this.doc.page.width - 2 * MARGIN,
          align: 'center',
          lineBreak: false,
        });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return done;
  }
}
