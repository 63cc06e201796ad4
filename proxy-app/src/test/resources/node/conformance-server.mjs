// The MCP conformance suite's reference server for its 2026-07-28 server scenarios, rebuilt on
// @modelcontextprotocol/server 2.x (pinned by the build): the suite's own "everything" server is not
// published on npm. Every tool, resource and prompt here is one a scenario of
// `@modelcontextprotocol/conformance server --requirements 2026-07-28` calls, named and shaped as
// the scenario's "Server Implementation Requirements" say.
// Usage: node conformance-server.mjs
//   Serves 2026-07-28 only on a free loopback port, path /mcp, and prints {"port":N} once listening.
import { randomBytes } from 'node:crypto';
import {
    McpServer, MissingRequiredClientCapabilityError, ResourceTemplate, acceptedContent, completable,
    createMcpHandler, createRequestStateCodec, fromJsonSchema, hostHeaderValidationResponse, inputRequired,
    inputResponse, localhostAllowedHostnames, localhostAllowedOrigins, originValidationResponse,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { serve } from './node-http.mjs';

// A 1x1 red PNG and a silent 8 kHz mono WAV: the scenarios check the content shapes and MIME types.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = 'UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==';
const NO_ARGUMENTS = fromJsonSchema({ type: 'object', properties: {} });
const CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';

// requestState is echoed by the client: sealed with an HMAC key of this process (one process
// serves every round), so a tampered state is refused before a handler runs (-32602).
const states = createRequestStateCodec({ key: randomBytes(32) });

// The list-change triggers really change the lists: each call toggles one extra tool or prompt.
const changes = { tools: 0, prompts: 0 };

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const text = value => ({ content: [{ type: 'text', text: value }] });

function elicitName(message) {
    return inputRequired.elicit({
        message,
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
}

function clientCapabilities(ctx) {
    return ctx.mcpReq.envelope?.[CLIENT_CAPABILITIES] ?? {};
}

function registerContentTools(server) {
    const noArguments = (name, description, result) =>
        server.registerTool(name, { description, inputSchema: NO_ARGUMENTS }, async () => result);
    noArguments('test_simple_text', 'Returns a simple text content block',
        text('This is a simple text response for testing.'));
    noArguments('test_image_content', 'Returns an image content block',
        { content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] });
    noArguments('test_audio_content', 'Returns an audio content block',
        { content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] });
    noArguments('test_embedded_resource', 'Returns an embedded resource content block', {
        content: [{ type: 'resource', resource: {
            uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }],
    });
    noArguments('test_multiple_content_types', 'Returns text, image and embedded resource content blocks', {
        content: [
            { type: 'text', text: 'Multiple content types test:' },
            { type: 'image', data: PNG, mimeType: 'image/png' },
            { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json',
                text: JSON.stringify({ test: 'data', value: 123 }) } },
        ],
    });
    noArguments('test_error_handling', 'Always returns a tool error', {
        isError: true, content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }],
    });
    server.registerTool('test_tool_with_progress', { description: 'Reports progress 0, 50 and 100 of 100',
        inputSchema: NO_ARGUMENTS }, async (_args, ctx) => {
        const token = ctx.mcpReq._meta?.progressToken;
        for (const progress of [0, 50, 100]) {
            if (token !== undefined) {
                await ctx.mcpReq.notify({ method: 'notifications/progress',
                    params: { progressToken: token, progress, total: 100 } });
            }
            if (progress < 100) {
                await sleep(50);
            }
        }
        return text('Progress reported: 0, 50, 100 of 100');
    });
    // json-schema-2020-12 (not scored): the 2020-12 keywords must survive into tools/list.
    server.registerTool('json_schema_2020_12_tool', {
        description: 'Tool with JSON Schema 2020-12 features',
        inputSchema: fromJsonSchema({
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            $defs: { address: { $anchor: 'addressDef', type: 'object',
                properties: { street: { type: 'string' }, city: { type: 'string' } } } },
            properties: {
                name: { type: 'string' },
                address: { $ref: '#/$defs/address' },
                contactMethod: { type: 'string', enum: ['phone', 'email'] },
                phone: { type: 'string' },
                email: { type: 'string' },
            },
            allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
            if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
            then: { required: ['phone'] },
            else: { required: ['email'] },
            additionalProperties: false,
        }),
    }, async () => text('ok'));
    // http-custom-header-server-validation (not scored): an argument mirrored into Mcp-Param-Region.
    server.registerTool('test_header_parameter', {
        description: 'Echoes a region that the client also sends as the Mcp-Param-Region header',
        inputSchema: fromJsonSchema({ type: 'object',
            properties: { region: { type: 'string', 'x-mcp-header': 'Region' } }, required: ['region'] }),
    }, async ({ region }) => text(`region ${region}`));
}

// The diagnostic tools server-stateless calls.
function registerStatelessTools(server, notify) {
    // Refused without the sampling capability by missingSampling() below.
    server.registerTool('test_missing_capability', { description: 'Needs the sampling capability',
        inputSchema: NO_ARGUMENTS }, async (_args, ctx) => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'summary');
        if (answer.kind !== 'sampling') {
            return inputRequired({ inputRequests: { summary: inputRequired.createMessage({
                messages: [{ role: 'user', content: { type: 'text', text: 'Summarize the capability check' } }],
                maxTokens: 50,
            }) } });
        }
        return text('sampled');
    });
    server.registerTool('test_streaming_elicitation', {
        description: 'Streams progress, then asks for input as an input_required result (never a request)',
        inputSchema: NO_ARGUMENTS,
    }, async (_args, ctx) => {
        const token = ctx.mcpReq._meta?.progressToken;
        if (token !== undefined) {
            await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: 50, total: 100 } });
        }
        const name = acceptedContent(ctx.mcpReq.inputResponses, 'user_name');
        return name ? text(`Hello, ${name.name}!`) : inputRequired({ inputRequests: { user_name: elicitName('What is your name?') } });
    });
    server.registerTool('test_logging_tool', {
        description: 'Logs at info level; a request that set no log level gets no log notification',
        inputSchema: NO_ARGUMENTS,
    }, async (_args, ctx) => {
        await ctx.mcpReq.log('info', 'Diagnostic trace logging activated');
        return text('Logging evaluated');
    });
    server.registerTool('test_trigger_tool_change', { description: 'Changes the tool list',
        inputSchema: NO_ARGUMENTS }, async () => {
        changes.tools++;
        notify().toolsChanged();
        return text('Tool list changed');
    });
    server.registerTool('test_trigger_prompt_change', { description: 'Changes the prompt list',
        inputSchema: NO_ARGUMENTS }, async () => {
        changes.prompts++;
        notify().promptsChanged();
        return text('Prompt list changed');
    });
    if (changes.tools % 2 === 1) {
        server.registerTool('test_added_tool', { description: 'Present after an odd number of tool list changes',
            inputSchema: NO_ARGUMENTS }, async () => text('added'));
    }
    if (changes.prompts % 2 === 1) {
        server.registerPrompt('test_added_prompt', { description: 'Present after an odd number of prompt list changes' },
            () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'added' } }] }));
    }
}

// The input_required (multi round-trip) scenarios.
function registerInputRequiredTools(server) {
    const tool = (name, description, handler) =>
        server.registerTool(name, { description, inputSchema: NO_ARGUMENTS }, async (_args, ctx) => handler(ctx));
    tool('test_input_required_result_elicitation', 'Asks for the user name', ctx => {
        const answer = acceptedContent(ctx.mcpReq.inputResponses, 'user_name');
        return typeof answer?.name === 'string'
            ? text(`Hello, ${answer.name}!`)
            : inputRequired({ inputRequests: { user_name: elicitName('What is your name?') } });
    });
    tool('test_input_required_result_sampling', 'Asks the client to sample', ctx => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'capital_question');
        if (answer.kind !== 'sampling') {
            return inputRequired({ inputRequests: { capital_question: inputRequired.createMessage({
                messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
                maxTokens: 100,
            }) } });
        }
        const blocks = [answer.result.content].flat();
        return text(`Sampling answered: ${blocks.map(block => block?.text ?? '').join('')}`);
    });
    tool('test_input_required_result_list_roots', 'Asks for the client roots', ctx => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'client_roots');
        return answer.kind === 'roots'
            ? text(`Roots: ${answer.roots.map(root => root.uri).join(', ')}`)
            : inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
    });
    tool('test_input_required_result_request_state', 'Round-trips a request state', async ctx => {
        const confirmed = acceptedContent(ctx.mcpReq.inputResponses, 'confirm');
        if (confirmed && ctx.mcpReq.requestState()?.tool === 'request_state') {
            return text('state-ok: the echoed request state verified');
        }
        return inputRequired({
            inputRequests: { confirm: inputRequired.elicit({ message: 'Please confirm',
                requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } }) },
            requestState: await states.mint({ tool: 'request_state' }),
        });
    });
    tool('test_input_required_result_multiple_inputs', 'Asks for elicitation, sampling and roots at once', async ctx => {
        const responses = ctx.mcpReq.inputResponses;
        const name = acceptedContent(responses, 'user_name');
        const greeting = inputResponse(responses, 'greeting');
        const roots = inputResponse(responses, 'client_roots');
        if (name && greeting.kind === 'sampling' && roots.kind === 'roots'
            && ctx.mcpReq.requestState()?.tool === 'multiple_inputs') {
            return text(`All inputs received: name ${name.name}, ${roots.roots.length} root(s)`);
        }
        return inputRequired({
            inputRequests: {
                user_name: elicitName('What is your name?'),
                greeting: inputRequired.createMessage({
                    messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }], maxTokens: 50 }),
                client_roots: inputRequired.listRoots(),
            },
            requestState: await states.mint({ tool: 'multiple_inputs' }),
        });
    });
    tool('test_input_required_result_multi_round', 'Asks two questions in two rounds', async ctx => {
        const state = ctx.mcpReq.requestState();
        const responses = ctx.mcpReq.inputResponses;
        const step1 = acceptedContent(responses, 'step1');
        const step2 = acceptedContent(responses, 'step2');
        if (state?.round === 2 && typeof step2?.color === 'string') {
            return text(`Multi-round complete: ${state.name} likes ${step2.color}`);
        }
        if (state?.round === 1 && typeof step1?.name === 'string') {
            return inputRequired({
                inputRequests: { step2: inputRequired.elicit({ message: 'Step 2: What is your favorite color?',
                    requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] } }) },
                requestState: await states.mint({ round: 2, name: step1.name }),
            });
        }
        return inputRequired({ inputRequests: { step1: elicitName('Step 1: What is your name?') },
            requestState: await states.mint({ round: 1 }) });
    });
    tool('test_input_required_result_tampered_state', 'Refuses an altered request state', async ctx => {
        if (acceptedContent(ctx.mcpReq.inputResponses, 'confirm') && ctx.mcpReq.requestState()?.tool === 'tampered_state') {
            return text('integrity-ok: state verified');
        }
        return inputRequired({
            inputRequests: { confirm: inputRequired.elicit({ message: 'Please confirm',
                requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } }) },
            requestState: await states.mint({ tool: 'tampered_state' }),
        });
    });
    tool('test_input_required_result_capabilities', 'Asks only through the capabilities the client declared', async ctx => {
        const responses = ctx.mcpReq.inputResponses ?? {};
        if (Object.keys(responses).length > 0) {
            return text(`capabilities-ok: received ${Object.keys(responses).join(',')}`);
        }
        const declared = clientCapabilities(ctx);
        const inputRequests = {};
        if (declared.elicitation) {
            inputRequests.elicit_input = inputRequired.elicit({ message: 'Elicitation input',
                requestedSchema: { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] } });
        }
        if (declared.sampling) {
            inputRequests.sample_input = inputRequired.createMessage({
                messages: [{ role: 'user', content: { type: 'text', text: 'Sample request' } }], maxTokens: 50 });
        }
        return Object.keys(inputRequests).length === 0
            ? text('No supported capabilities declared')
            : inputRequired({ inputRequests, requestState: await states.mint({ tool: 'capabilities' }) });
    });
}

function registerResources(server) {
    server.registerResource('static-text', 'test://static-text',
        { mimeType: 'text/plain', description: 'A static text resource' },
        async uri => ({ contents: [{ uri: uri.href, mimeType: 'text/plain',
            text: 'This is the content of the static text resource.' }] }));
    server.registerResource('static-binary', 'test://static-binary',
        { mimeType: 'image/png', description: 'A static binary resource (a PNG image)' },
        async uri => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG }] }));
    server.registerResource('template-data', new ResourceTemplate('test://template/{id}/data', { list: undefined }),
        { mimeType: 'application/json', description: 'Data for an id, from a resource template' },
        async (uri, { id }) => ({ contents: [{ uri: uri.href, mimeType: 'application/json',
            text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }] }));
}

function registerPrompts(server) {
    server.registerPrompt('test_simple_prompt', { description: 'A prompt without arguments' },
        () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] }));
    server.registerPrompt('test_prompt_with_arguments', {
        description: 'A prompt with two arguments',
        argsSchema: z.object({
            arg1: completable(z.string().describe('First test argument'),
                value => ['paris', 'park', 'party'].filter(word => word.startsWith(value))),
            arg2: z.string().describe('Second test argument'),
        }),
    }, ({ arg1, arg2 }) => ({ messages: [{ role: 'user',
        content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` } }] }));
    server.registerPrompt('test_prompt_with_embedded_resource', {
        description: 'A prompt embedding a resource',
        argsSchema: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
    }, ({ resourceUri }) => ({ messages: [
        { role: 'user', content: { type: 'resource',
            resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ] }));
    server.registerPrompt('test_prompt_with_image', { description: 'A prompt with an image' }, () => ({ messages: [
        { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ] }));
    server.registerPrompt('test_input_required_result_prompt', { description: 'A prompt that asks for its context first' },
        (ctx) => {
            const answer = acceptedContent(ctx.mcpReq.inputResponses, 'user_context');
            if (typeof answer?.context !== 'string') {
                return inputRequired({ inputRequests: { user_context: inputRequired.elicit({
                    message: 'What context should the prompt use?',
                    requestedSchema: { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] },
                }) } });
            }
            return { messages: [{ role: 'user', content: { type: 'text', text: `Answer within this context: ${answer.context}` } }] };
        });
}

let handler;

function build() {
    const server = new McpServer({ name: 'conformance-reference-server', version: '1.0.0' }, {
        capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, resources: {}, completions: {}, logging: {} },
        requestState: { verify: states.verify },
    });
    registerContentTools(server);
    registerStatelessTools(server, () => handler.notify);
    registerInputRequiredTools(server);
    registerResources(server);
    registerPrompts(server);
    return server;
}

handler = createMcpHandler(() => build(), { legacy: 'reject' });

// test_missing_capability needs sampling. McpServer turns every error a tool handler throws into
// an isError result, so the -32021 refusal (HTTP 400) is made before the request reaches it.
function missingSampling(message) {
    if (message?.method !== 'tools/call' || message.params?.name !== 'test_missing_capability'
        || message.params._meta?.[CLIENT_CAPABILITIES]?.sampling) {
        return undefined;
    }
    const error = new MissingRequiredClientCapabilityError({ requiredCapabilities: { sampling: {} } });
    return Response.json({ jsonrpc: '2.0', id: message.id ?? null,
        error: { code: error.code, message: error.message, data: error.data } }, { status: 400 });
}

// dns-rebinding-protection: a loopback server refuses a foreign Host or Origin.
serve(handler, {
    guard: (request, message) => hostHeaderValidationResponse(request, localhostAllowedHostnames())
        ?? originValidationResponse(request, localhostAllowedOrigins())
        ?? missingSampling(message),
});
