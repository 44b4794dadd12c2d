// A small HTTP load balancer for tests: every request goes to the next
// upstream server in turn, whatever connection it came on, so one browser's
// requests alternate between the servers. Connections to each upstream are
// kept alive. It adds no X-Forwarded-For (the servers trust no proxy and
// every request comes from loopback anyway) and passes Host unchanged, so
// the servers see the origin the browser sees.
//
//   const proxy = await start_round_robin_proxy();   // listening, no upstream yet
//   proxy.use([a.url, b.url]);
//   ... browse proxy.url ...
//   proxy.forwarded                                  // requests per upstream, e.g. [12, 12]
//   await proxy.stop();
import http from 'node:http';

// RFC 9110 §7.6.1: meant for one connection, never forwarded.
const hop_by_hop = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'transfer-encoding', 'upgrade',
]);

function end_to_end(headers) {
  const kept = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!hop_by_hop.has(name)) kept[name] = value;
  }
  return kept;
}

/**
 * Starts the proxy on a free loopback port. Resolves to {url, port,
 * use(upstream_urls), forwarded (requests sent to each upstream, in the
 * order of use()), stop()}. Before use() every request is answered 503.
 */
export async function start_round_robin_proxy() {
  let upstreams = [];
  let next = 0;
  const forwarded = [];

  const server = http.createServer((incoming, outgoing) => {
    if (upstreams.length === 0) {
      outgoing.writeHead(503, {'content-type': 'text/plain'}).end('no upstream yet\n');
      return;
    }
    const index = next;
    next = (next + 1) % upstreams.length;
    ++forwarded[index];
    const {url, agent} = upstreams[index];
    const upstream = http.request(new URL(incoming.url, url), {
      method: incoming.method,
      headers: end_to_end(incoming.headers),
      agent,
    }, (answer) => {
      outgoing.writeHead(answer.statusCode, answer.statusMessage, end_to_end(answer.headers));
      answer.pipe(outgoing);
    });
    upstream.on('error', (error) => {
      // A killed upstream: the browser sees what a load balancer would send.
      if (!outgoing.headersSent) outgoing.writeHead(502, {'content-type': 'text/plain'});
      outgoing.end(`upstream ${url}: ${error.message}\n`);
    });
    incoming.pipe(upstream);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const {port} = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    forwarded,
    use(upstream_urls) {
      for (const {agent} of upstreams) agent.destroy();
      upstreams = upstream_urls.map((url) => ({url, agent: new http.Agent({keepAlive: true})}));
      forwarded.length = 0;
      forwarded.push(...upstream_urls.map(() => 0));
      next = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      for (const {agent} of upstreams) agent.destroy();
    },
  };
}
