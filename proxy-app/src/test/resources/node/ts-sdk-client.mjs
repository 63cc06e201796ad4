// A real MCP client (@modelcontextprotocol/client 2.x, pinned by the build) for the proxy's tests.
// Usage: node ts-sdk-client.mjs <url>[,<url>...] <legacy|auto> <tour|ts-server|listen|mrtr|pii> [bearer token]
//   tour:   against server-everything: lists, calls, reads, gets a prompt and completes an argument;
//           prints one JSON document.
//   ts-server: the same against ts-sdk-server.mjs.
//   mrtr:   declares elicitation and sampling, answers them from handlers (the SDK fulfils
//           input_required results and retries), calls the two tools of server-everything that
//           ask the client; with several URLs every POST goes to the next one (no affinity).
//   pii:    as mrtr, against server-requests.mjs: calls ask_personal_elicitation and answers with
//           an e-mail address; prints the question it was asked and the result.
//   listen: opens subscriptions/listen for tool list changes, prints "LISTENING", then prints the
//           tool names after the first notifications/tools/list_changed and exits.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [urls, mode, scenario, bearer] = process.argv.slice(2);
const endpoints = urls.split(',');
const visited = [];
let next = 0;
// Round robin over the endpoints, like a load balancer without session affinity.
const roundRobin = (input, init) => {
    const target = endpoints[next++ % endpoints.length];
    visited.push(target);
    if (!bearer) {
        return fetch(target, init);
    }
    const headers = new Headers(init?.headers);
    headers.set('authorization', 'Bearer ' + bearer);
    return fetch(target, { ...init, headers });
};
const client = new Client({ name: 'proxy-test-client', version: '1.0.0' },
    { versionNegotiation: { mode }, capabilities: answersQuestions(scenario) ? { elicitation: {}, sampling: {} } : {} });
const asked = [];
function answersQuestions(name) {
    return name === 'mrtr' || name === 'ts-server' || name === 'pii';
}
if (answersQuestions(scenario)) {
    client.setRequestHandler('elicitation/create', async request => {
        asked.push({ method: 'elicitation/create', message: request.params.message });
        if (scenario === 'pii') {
            return { action: 'accept', content: { name: 'It is grace.private@example.org' } };
        }
        const confirming = request.params.message.startsWith('Confirm');
        return { action: 'accept', content: confirming ? { ok: true } : { name: 'Ada Lovelace', check: true } };
    });
    client.setRequestHandler('sampling/createMessage', async request => {
        asked.push({ method: 'sampling/createMessage', text: request.params.messages[0].content.text });
        return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'Paris, from the client' } };
    });
}
await client.connect(new StreamableHTTPClientTransport(new URL(endpoints[0]), { fetch: roundRobin }));

// The fields both eras share: what a result says, without the envelope one era adds.
function body(result) {
    const { resultType, ttlMs, cacheScope, _meta, ...rest } = result;
    return rest;
}

if (scenario === 'tour') {
    const out = { protocolVersion: client.protocolVersion ?? null };
    out.tools = (await client.listTools()).tools;
    out.resources = (await client.listResources()).resources;
    out.resourceTemplates = (await client.listResourceTemplates()).resourceTemplates;
    out.prompts = (await client.listPrompts()).prompts;
    out.echo = body(await client.callTool({ name: 'echo', arguments: { message: 'hello modern proxy' } }));
    out.sum = body(await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } }));
    out.structured = body(await client.callTool({ name: 'get-structured-content', arguments: { location: 'Chicago' } }));
    const resource = out.resources[0];
    out.read = body(await client.readResource({ uri: resource.uri }));
    const simple = out.prompts.find(p => !(p.arguments ?? []).some(a => a.required));
    out.prompt = body(await client.getPrompt({ name: simple.name, arguments: {} }));
    const withArgs = out.prompts.find(p => (p.arguments ?? []).length > 0);
    out.completion = body(await client.complete({
        ref: { type: 'ref/prompt', name: withArgs.name },
        argument: { name: withArgs.arguments[0].name, value: '' },
    }));
    if (mode !== 'legacy') {
        out.discover = await client.discover();
    }
    process.stdout.write(JSON.stringify(out) + '\n');
} else if (scenario === 'ts-server') {
    const out = {};
    out.tools = (await client.listTools()).tools;
    out.resources = (await client.listResources()).resources;
    out.prompts = (await client.listPrompts()).prompts;
    out.shout = body(await client.callTool({ name: 'shout', arguments: { message: 'quiet please' } }));
    out.add = body(await client.callTool({ name: 'add', arguments: { a: 20, b: 22 } }));
    out.read = body(await client.readResource({ uri: 'test://greeting' }));
    out.prompt = body(await client.getPrompt({ name: 'haiku', arguments: { topic: 'proxies' } }));
    out.confirm = body(await client.callTool({ name: 'confirm', arguments: { action: 'deploy' } }));
    out.locate = body(await client.callTool({ name: 'locate', arguments: { region: 'eu-central-1', count: 3 } }));
    out.asked = asked;
    process.stdout.write(JSON.stringify(out) + '\n');
} else if (scenario === 'mrtr') {
    const out = {};
    out.elicited = body(await client.callTool({ name: 'trigger-elicitation-request', arguments: {} }));
    out.sampled = body(await client.callTool({ name: 'trigger-sampling-request',
        arguments: { prompt: 'What is the capital of France?', maxTokens: 50 } }));
    out.asked = asked;
    out.visited = visited;
    process.stdout.write(JSON.stringify(out) + '\n');
} else if (scenario === 'pii') {
    const out = {};
    out.answered = body(await client.callTool({ name: 'ask_personal_elicitation', arguments: {} }));
    out.asked = asked;
    process.stdout.write(JSON.stringify(out) + '\n');
} else if (scenario === 'listen') {
    let done;
    const changed = new Promise(resolve => { done = resolve; });
    client.setNotificationHandler('notifications/tools/list_changed', () => done());
    const subscription = await client.listen({ toolsListChanged: true });
    process.stdout.write(JSON.stringify({ listening: subscription.honoredFilter }) + '\n');
    await changed;
    const tools = (await client.listTools(undefined, { cacheMode: 'refresh' })).tools.map(t => t.name);
    process.stdout.write(JSON.stringify({ changedTools: tools }) + '\n');
    await subscription.close();
}
await client.close();
