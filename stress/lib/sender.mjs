// One exporter process: sends `count` distinct requests (session ids `<prefix>-<k>`) to the receivers
// given, in turn, without retrying, and prints one JSON line: how many got which status, and the
// messages of any that did not get 200. Run by the concurrency stress script and test.
//   node stress/lib/sender.mjs <prefix> <count> <url> [<url>...]
import { distinctRequest, loadTemplates } from './requests.mjs';

const [prefix, countText, ...urls] = process.argv.slice(2);
const count = Number(countText);
const templates = loadTemplates();
const statuses = {};
const failures = [];
for (let k = 0; k < count; k += 1) {
  const t = k % templates.length;
  const req = distinctRequest(templates[t], `${prefix}-${k}`);
  const url = urls[k % urls.length];
  let status;
  let text = '';
  try {
    const res = await fetch(`${url}${req.path}`, { method: 'POST', body: req.body, headers: req.headers, signal: AbortSignal.timeout(30_000) });
    status = res.status;
    const body = Buffer.from(await res.arrayBuffer()).toString('utf8');
    text = res.status === 200 ? '' : body;
  } catch (error) {
    status = 'network';
    text = `${error?.message}: ${error?.cause?.code ?? error?.cause?.message ?? ''}`;
  }
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (status !== 200 && failures.length < 20) failures.push({ sessionId: `${prefix}-${k}`, status, text });
}
process.stdout.write(`${JSON.stringify({ prefix, count, statuses, failures, templatesUsed: Math.min(count, templates.length) })}\n`);
