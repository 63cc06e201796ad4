// Serves a web-standard MCP handler ({ fetch }) on node:http at a free loopback port and prints
// {"port":N} once listening. `routes(req, res)` may answer a request outside /mcp first (returns
// true when it did); `guard(request, message)` may refuse an /mcp request (its body parsed, or
// undefined) with a Response of its own; `onBody(body, res)` sees each request body.
import http from 'node:http';

export function serve(handler, { routes = async () => false, guard = () => undefined, onBody = () => {} } = {}) {
    const httpServer = http.createServer(async (req, res) => {
        if (await routes(req, res)) {
            return;
        }
        if (!req.url.startsWith('/mcp')) {
            res.writeHead(404).end();
            return;
        }
        const chunks = [];
        for await (const chunk of req) {
            chunks.push(chunk);
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
            headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const body = chunks.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
        if (body) {
            onBody(body, res);
        }
        const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body });
        const response = guard(request, parse(body)) ?? await handler.fetch(request);
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        if (!response.body) {
            res.end();
            return;
        }
        const reader = response.body.getReader();
        req.on('close', () => reader.cancel().catch(() => {}));
        try {
            for (;;) {
                const { done, value } = await reader.read();
                if (done) break;
                res.write(value);
            }
        } catch {
            // the client went away
        }
        res.end();
    });
    httpServer.listen(0, '127.0.0.1', () => {
        process.stdout.write(JSON.stringify({ port: httpServer.address().port }) + '\n');
    });
    process.on('SIGTERM', () => process.exit(0));
}

function parse(body) {
    try {
        return body ? JSON.parse(body.toString()) : undefined;
    } catch {
        return undefined;
    }
}
