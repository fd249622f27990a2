// The HTML report's stylesheet, inlined in the document (no external assets). Light and print-friendly:
// the SVG chart is drawn on white.
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #101828; --muted: #667085; --line: #eaecf0; --panel: #f9fafb;
  --good: #067647; --bad: #b42318; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; background: #f2f4f7; color: var(--fg);
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1040px; margin: 24px auto; padding: 32px 40px; background: #fff; border: 1px solid var(--line);
  border-radius: 12px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 8px; }
.eyebrow { margin: 0; color: var(--accent); font-weight: 600; font-size: 12px; letter-spacing: .06em;
  text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 26px; line-height: 1.2; word-break: break-word; }
h2 { font-size: 15px; margin: 28px 0 10px; }
.sub { margin: 0; color: var(--muted); }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.status { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  background: var(--panel); border: 1px solid var(--line); }
.status.ok { color: var(--good); background: #ecfdf3; border-color: #abefc6; }
.status.failed { color: var(--bad); background: #fef3f2; border-color: #fecdca; }
.status.skipped { color: #b54708; background: #fffaeb; border-color: #fedf89; }
.status.interrupted { color: #b54708; background: #fffaeb; border-color: #fedf89; }
.badge { display: inline-block; margin-left: 4px; padding: 0 8px; border-radius: 999px; font-size: 12px;
  font-weight: 600; border: 1px solid var(--line); }
.badge.enter { color: #fff; background: var(--good); border-color: var(--good); }
.badge.exit { color: #fff; background: var(--bad); border-color: var(--bad); }
.badge.hold { color: var(--muted); }
.figures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; }
.figure { border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; background: var(--panel); }
.figure .label { color: var(--muted); font-size: 12px; }
.figure .value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.change { font-size: 12px; font-variant-numeric: tabular-nums; }
.good { color: var(--good); } .bad { color: var(--bad); } .neutral { color: var(--muted); }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 10px; padding: 8px; }
.chart svg { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; padding: 4px 8px 0; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 32px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; background: var(--panel); }
tbody th { font-weight: 500; color: var(--muted); white-space: nowrap; }
.num { text-align: right; white-space: nowrap; }
.meta td { word-break: break-word; }
.trades { font-size: 13px; }
.error { margin-top: 16px; border: 1px solid #fecdca; background: #fef3f2; color: var(--bad); border-radius: 10px;
  padding: 10px 14px; }
.error pre { margin: 6px 0 0; white-space: pre-wrap; word-break: break-word; }
.source { background: #0f172a; color: #e2e8f0; padding: 14px 16px; border-radius: 10px; overflow-x: auto;
  font: 12.5px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; }
footer { margin-top: 32px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: 12px; }
@media (max-width: 760px) { main { padding: 20px; margin: 0; border-radius: 0; }
  .figures { grid-template-columns: repeat(2, 1fr); } .two { grid-template-columns: 1fr; } }
@media print { body { background: #fff; } main { border: 0; margin: 0; padding: 0; max-width: none; }
  section { break-inside: avoid; } .source { white-space: pre-wrap; } }
`;
