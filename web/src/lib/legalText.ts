// Legal pages are plain text: paragraphs separated by blank lines, lines starting with "# " are headings.

export interface LegalBlock {
  kind: 'heading' | 'paragraph';
  text: string;
}

export function parseLegalText(text: string): LegalBlock[] {
  const blocks: LegalBlock[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
    paragraph = [];
  };
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.startsWith('# ')) {
      flush();
      const heading = line.slice(2).trim();
      if (heading !== '') blocks.push({ kind: 'heading', text: heading });
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}
