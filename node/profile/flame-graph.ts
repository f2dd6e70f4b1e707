/**
 * An SVG flame graph (icicle layout: the transaction on top, callees below) of a gas profile:
 * each box's width is its gas, callees included. Plain SVG 1.1 with a <title> per box, so any
 * viewer shows the exact figure on hover.
 */
import { totalGas, type ProfileNode } from './profiler.ts';

const WIDTH = 1200;
const ROW = 18;
const FONT = 11;
/** Warm colours as flame graphs use, chosen from the name so a function keeps its colour. */
const PALETTE = ['#f2a65a', '#eec170', '#f58549', '#e9724c', '#f6ae2d', '#f26419', '#ffb563', '#f3c178'];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colour(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function depthOf(node: ProfileNode): number {
  return 1 + Math.max(0, ...node.children.map(depthOf));
}

export function flameGraphSvg(root: ProfileNode, title: string): string {
  const total = totalGas(root);
  const height = (depthOf(root) + 2) * ROW;
  const boxes: string[] = [];
  const draw = (node: ProfileNode, x: number, depth: number) => {
    const gas = totalGas(node);
    const width = total === 0n ? 0 : Number((gas * BigInt(WIDTH * 1000)) / total) / 1000;
    if (width < 0.1) return;
    const y = (depth + 1) * ROW;
    const label = `${node.name}: ${gas} gas (${total === 0n ? 0 : (Number((gas * 10000n) / total) / 100).toFixed(2)}%)`;
    const fits = Math.floor((width - 6) / (FONT * 0.6));
    const text = fits >= 3 ? (node.name.length <= fits ? node.name : `${node.name.slice(0, fits - 1)}…`) : '';
    boxes.push(`<g><title>${escape(label)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${width.toFixed(2)}" height="${ROW - 1}" fill="${colour(node.name)}" rx="2"/>`
      + (text ? `<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 5}">${escape(text)}</text>` : '') + '</g>');
    let childX = x;
    for (const child of node.children) {
      draw(child, childX, depth + 1);
      childX += total === 0n ? 0 : Number((totalGas(child) * BigInt(WIDTH * 1000)) / total) / 1000;
    }
  };
  draw(root, 0, 0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="${FONT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="${ROW - 4}" text-anchor="middle" font-size="${FONT + 1}">${escape(title)} — ${total} gas</text>`,
    ...boxes,
    `</svg>`,
    '',
  ].join('\n');
}
