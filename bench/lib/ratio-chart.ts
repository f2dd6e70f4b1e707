/** A horizontal bar chart of ratios (ours ÷ best peer, > 1 = ours better) as a standalone SVG. */

export function ratioChart(title: string, bars: Array<{ label: string; ratio: number; peer: string }>): string {
  const rowH = 26;
  const labelW = 330;
  const plotW = 420;
  const top = 40;
  const height = top + bars.length * rowH + 40;
  const max = Math.max(2, ...bars.map((b) => b.ratio));
  // Ratios span 0.01 … 100×: a log scale keeps both ends readable, with 1× in the middle.
  const lo = Math.log10(Math.min(0.05, ...bars.map((b) => b.ratio)));
  const hi = Math.log10(max);
  const x = (r: number) => labelW + ((Math.log10(r) - lo) / (hi - lo)) * plotW;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + plotW + 120}" height="${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const x0 = x(1);
    const x1 = x(b.ratio);
    const color = b.ratio >= 1 ? '#2a9d4b' : '#d04a3a';
    out.push(`<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 4}" width="${Math.abs(x1 - x0).toFixed(1)}" height="${rowH - 8}" fill="${color}"/>`);
    out.push(`<text x="${(Math.max(x0, x1) + 6).toFixed(1)}" y="${y + 17}">${b.ratio.toFixed(2)}× vs ${esc(b.peer)}</text>`);
  });
  const axisY = top + bars.length * rowH + 4;
  out.push(`<line x1="${x(1).toFixed(1)}" y1="${top}" x2="${x(1).toFixed(1)}" y2="${axisY}" stroke="black"/>`);
  for (const tick of [0.01, 0.1, 0.5, 1, 2, 10, 100]) {
    if (Math.log10(tick) < lo || Math.log10(tick) > hi) continue;
    out.push(`<text x="${x(tick).toFixed(1)}" y="${axisY + 16}" text-anchor="middle" fill="#555">${tick}×</text>`);
  }
  out.push(`<text x="${labelW}" y="${axisY + 32}" fill="#555">ours ÷ best peer (log scale; right of 1× = ours better)</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
