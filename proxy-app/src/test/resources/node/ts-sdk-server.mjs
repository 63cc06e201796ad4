// A real MCP server (@modelcontextprotocol/server 2.x, pinned by the build) for the proxy's tests.
// Usage: node ts-sdk-server.mjs <modern-only|dual>
//   Serves on a free loopback port, path /mcp, and prints {"port":N} once listening.
//   modern-only: 2026-07-28 requests only (legacy: 'reject'); dual: also the stateless 2025 fallback.
//   POST /updated?uri=U (outside MCP) tells the subscriptions/listen streams subscribed to U that it changed.
//   GET /listening?uri=U (outside MCP) answers {"streams":N}: the subscriptions/listen streams naming U still open.
import { McpServer, acceptedContent, createMcpHandler, fromJsonSchema, inputRequired } from '@modelcontextprotocol/server';
import { serve } from './node-http.mjs';

const [posture] = process.argv.slice(2);

function build() {
    const server = new McpServer({ name: 'ts-sdk-test-server', version: '1.0.0' },
        { capabilities: { tools: { listChanged: true }, resources: { subscribe: true }, prompts: {}, completions: {} } });
    server.registerTool('shout', {
        title: 'Shout',
        description: 'Returns the message in capitals',
        inputSchema: fromJsonSchema({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] }),
        annotations: { readOnlyHint: true },
    }, async ({ message }) => ({ content: [{ type: 'text', text: message.toUpperCase() }] }));
    server.registerTool('add', {
        description: 'Adds two integers',
        inputSchema: fromJsonSchema({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'] }),
        outputSchema: fromJsonSchema({ type: 'object', properties: { sum: { type: 'integer' } }, required: ['sum'] }),
    }, async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }));
    // Arguments mirrored into Mcp-Param-* headers (SEP-2243), which the server checks against the body.
    server.registerTool('locate', {
        description: 'Names a region and a count',
        inputSchema: fromJsonSchema({ type: 'object', properties: {
            region: { type: 'string', 'x-mcp-header': 'Region' },
            count: { type: 'integer', 'x-mcp-header': 'Count' },
        }, required: ['region'] }),
    }, async ({ region, count }) => ({ content: [{ type: 'text', text: `${count ?? 0} in ${region}` }] }));
    // Asks the client through the 2026-07-28 multi round-trip pattern (input_required).
    server.registerTool('confirm', {
        description: 'Asks the user to confirm an action',
        inputSchema: fromJsonSchema({ type: 'object', properties: { action: { type: 'string' } }, required: ['action'] }),
    }, async ({ action }, ctx) => {
        const answer = acceptedContent(ctx.mcpReq.inputResponses, 'confirm');
        if (!answer) {
            return inputRequired({ inputRequests: { confirm: inputRequired.elicit({
                message: `Confirm ${action}?`,
                requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
            }) } });
        }
        return { content: [{ type: 'text', text: `${action} ${answer.ok ? 'confirmed' : 'refused'}` }] };
    });
    server.registerResource('greeting', 'test://greeting', { mimeType: 'text/plain', description: 'A greeting' },
        async uri => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'hello from the modern server' }] }));
    server.registerPrompt('haiku', {
        description: 'Asks for a haiku',
        argsSchema: fromJsonSchema({ type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] }),
    }, ({ topic }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Write a haiku about ${topic}` } }] }));
    return server;
}

const handler = createMcpHandler(() => build(), { legacy: posture === 'dual' ? 'stateless' : 'reject' });

// Open subscriptions/listen streams by the resource URIs their filter names.
const listening = new Map();

function countListen(body, res) {
    let message;
    try {
        message = JSON.parse(body.toString());
    } catch {
        return;
    }
    if (message?.method !== 'subscriptions/listen') {
        return;
    }
    const uris = message.params?.notifications?.resourceSubscriptions ?? [];
    uris.forEach(uri => listening.set(uri, (listening.get(uri) ?? 0) + 1));
    res.on('close', () => uris.forEach(uri => listening.set(uri, listening.get(uri) - 1)));
}

serve(handler, {
    routes: async (req, res) => {
        if (req.method === 'GET' && req.url.startsWith('/listening?')) {
            const uri = new URL(req.url, 'http://localhost').searchParams.get('uri');
            res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ streams: listening.get(uri) ?? 0 }));
            return true;
        }
        if (req.method === 'POST' && req.url.startsWith('/updated?')) {
            await handler.notify.resourceUpdated(new URL(req.url, 'http://localhost').searchParams.get('uri'));
            res.writeHead(204).end();
            return true;
        }
        return false;
    },
    onBody: countListen,
});
