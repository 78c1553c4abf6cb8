// The baseline beside the receiver's ack latency: a Node HTTP server that reads each body and answers
// 200 with an empty OTLP response, doing nothing else. What it shows at a given rate is the latency
// the machine and Node's HTTP stack add by themselves.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
    res.end();
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`claude-otel-tui is receiving OTLP/HTTP on http://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
