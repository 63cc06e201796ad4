// An MCP server on the TypeScript SDK whose tools ask the client (sampling, elicitation, roots, ping)
// whatever capabilities the client declared, as servers that do not check them do. Streamable HTTP
// with sessions on 127.0.0.1:$PORT/mcp, like the SDK's examples.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  EmptyResultSchema,
  ListRootsResultSchema,
  isInitializeRequest
} from '@modelcontextprotocol/sdk/types.js';

const transports = {};
let eventStreams = 0;
const sessionsWithEventStream = new Set();
let cancellations = 0;

const sampling = {
  method: 'sampling/createMessage',
  params: { messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }], maxTokens: 10 }
};
const elicitation = {
  method: 'elicitation/create',
  params: {
    mode: 'form',
    message: 'Your name?',
    requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
  }
};

const personalSampling = {
  method: 'sampling/createMessage',
  params: {
    messages: [{ role: 'user', content: { type: 'text', text: 'Summarize the account of grace.private@example.org' } }],
    maxTokens: 10
  }
};
const personalElicitation = {
  method: 'elicitation/create',
  params: {
    mode: 'form',
    message: 'Is grace.private@example.org still your address?',
    requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
  }
};

function text(value) {
  return { content: [{ type: 'text', text: value }] };
}

function newServer() {
  const server = new McpServer({ name: 'server-requests', version: '1.0.0' },
    { capabilities: { tools: {}, logging: {} } });
  const tool = (name, description, handler) =>
    server.registerTool(name, { description, inputSchema: {} }, handler);

  // Sent with the call's id: the request travels on the call's own SSE stream.
  tool('ask_sampling', 'Asks the client for sampling', async (_args, extra) =>
    text(JSON.stringify(await extra.sendRequest(sampling, CreateMessageResultSchema))));
  tool('ask_elicitation', 'Asks the client for input', async (_args, extra) =>
    text(JSON.stringify(await extra.sendRequest(elicitation, ElicitResultSchema))));
  tool('ask_roots', 'Asks the client for its roots', async (_args, extra) =>
    text(JSON.stringify(await extra.sendRequest({ method: 'roots/list' }, ListRootsResultSchema))));
  tool('ping_client', 'Pings the client', async (_args, extra) => {
    await extra.sendRequest({ method: 'ping' }, EmptyResultSchema);
    return text('pong');
  });
  // Sent without the call's id, as the conformance suite's reference server does: the request
  // travels on the session's standalone GET stream.
  tool('ask_sampling_unrelated', 'Asks for sampling outside the call', async () =>
    text(JSON.stringify(await server.server.request(sampling, CreateMessageResultSchema))));
  tool('ask_personal_elicitation', 'Asks a person for input', async (_args, extra) =>
    text(JSON.stringify(await extra.sendRequest(personalElicitation, ElicitResultSchema))));
  // Personal data on the GET stream; the result is the client's answer as the upstream received it.
  tool('ask_personal_sampling_unrelated', 'Asks for sampling about a person outside the call', async () =>
    text(JSON.stringify(await server.server.request(personalSampling, CreateMessageResultSchema))));
  tool('ask_personal_elicitation_unrelated', 'Asks a person for input outside the call', async () =>
    text(JSON.stringify(await server.server.request(personalElicitation, ElicitResultSchema))));
  // A log message naming a person, sent without the call's id: it travels on the GET stream.
  tool('log_personal_unrelated', 'Logs a message naming a person outside the call', async () => {
    await server.server.notification({
      method: 'notifications/message',
      params: { level: 'info', logger: 'signups', data: 'new signup: grace.private@example.org' }
    });
    return text('logged');
  });
  // Ignores a refusal and keeps waiting, until the call is cancelled.
  tool('ask_sampling_keep_waiting', 'Asks for sampling, then waits regardless', async (_args, extra) => {
    try {
      await extra.sendRequest(sampling, CreateMessageResultSchema);
    } catch {
      // Refused: wait anyway.
    }
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 120_000);
      extra.signal.addEventListener('abort', () => {
        cancellations++;
        clearTimeout(timer);
        resolve();
      });
    });
    return text('done waiting');
  });
  tool('client_capabilities', 'The capabilities the client declared', async () =>
    text(JSON.stringify(server.server.getClientCapabilities() ?? null)));
  tool('event_streams', 'GET streams opened so far', async () => text(String(eventStreams)));
  tool('own_event_stream', 'Whether the calling session opened its GET stream', async (_args, extra) =>
    text(String(sessionsWithEventStream.has(extra.sessionId))));
  tool('cancellations', 'Calls cancelled by the client so far', async () => text(String(cancellations)));
  return server;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function refuse(res, status, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

createServer(async (req, res) => {
  try {
    if (!req.url.startsWith('/mcp')) {
      res.writeHead(404).end();
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const known = sessionId ? transports[sessionId] : undefined;
    if (req.method === 'POST') {
      const body = JSON.parse(await readBody(req));
      if (known) {
        await known.handleRequest(req, res, body);
      } else if (!sessionId && isInitializeRequest(body)) {
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            transports[id] = transport;
          }
        });
        transport.onclose = () => {
          if (transport.sessionId) delete transports[transport.sessionId];
        };
        await newServer().connect(transport);
        await transport.handleRequest(req, res, body);
      } else {
        refuse(res, sessionId ? 404 : 400, sessionId ? 'Session not found' : 'No valid session ID provided');
      }
    } else if (known) {
      if (req.method === 'GET') {
        eventStreams++;
        sessionsWithEventStream.add(sessionId);
      }
      await known.handleRequest(req, res);
    } else {
      refuse(res, sessionId ? 404 : 400, sessionId ? 'Session not found' : 'No valid session ID provided');
    }
  } catch (error) {
    console.error(error);
    if (!res.headersSent) refuse(res, 500, 'Internal server error');
  }
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on ${process.env.PORT}`));
