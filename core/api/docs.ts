// Renders docs/API.md from the contract, so the document cannot drift from the code
// (test/api-docs.test.ts compares the committed file with this output).
import { z } from 'zod';
import { contract, methodNames } from '../contract';
import { ERROR_CODES, ERROR_MEANINGS, httpStatus } from '../errors';

type Json = Record<string, unknown>;

/** A compact TypeScript-like rendering of a JSON Schema. */
function typeText(s: Json | undefined, indent = ''): string {
  if (!s || Object.keys(s).length === 0) return 'unknown';
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    return ((s.anyOf ?? s.oneOf) as Json[]).map((x) => typeText(x, indent)).join(' | ');
  }
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((e) => JSON.stringify(e)).join(' | ');
  switch (s.type) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'integer': return 'integer';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'array': return `Array<${typeText(s.items as Json, indent)}>`;
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const req = new Set((s.required ?? []) as string[]);
      const keys = Object.keys(props);
      if (keys.length === 0) return '{}';
      const inner = indent + '  ';
      const lines = keys.map((k) => {
        const note = typeof props[k]!.description === 'string' ? ` // ${props[k]!.description}` : '';
        return `${inner}${k}${req.has(k) ? '' : '?'}: ${typeText(props[k], inner)};${note}`;
      });
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    default:
      if (Array.isArray(s.type)) return (s.type as string[]).join(' | ');
      return 'unknown';
  }
}

function schemaText(schema: z.ZodType, io: 'input' | 'output'): string {
  const js = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return typeText(js);
}

export function renderApiDocs(): string {
  const out: string[] = [
    '# Passbook API',
    '',
    'Generated from `core/contract/` by `npm run docs:api`; a test fails when this file drifts from the contract.',
    '',
    'Every method is called the same way from every transport: Electron IPC (`window.passbook.<area>.<method>(input)`),',
    'or HTTP on the headless host (`POST /api/<area>.<method>` with a JSON body; 200 with the output, or 4xx/5xx with',
    '`{ code, message, details? }`). Amounts are decimal strings; times are ISO 8601 instants (UTC).',
    'Roles: `counter` needs nothing; `owner` needs an owner session opened with `owner.unlock`.',
    'Writes carry a client-generated `clientId` (ULID or UUID): the same id with the same payload returns the first',
    'result and writes nothing; with a different payload it fails with `CONFLICT`.',
    '',
    'Errors: every failure has a stable `code` (the HTTP status is the host\'s):',
    '',
    '| code | HTTP | meaning |',
    '|---|---|---|',
    ...ERROR_CODES.map((c) => `| \`${c}\` | ${httpStatus(c)} | ${ERROR_MEANINGS[c]} |`),
    '',
    '| method | role | writes | summary |',
    '|---|---|---|---|',
    ...methodNames.map((n) => `| [\`${n}\`](#${n.replace(/\./g, '').toLowerCase()}) | ${contract[n].role} | ${contract[n].write ? 'yes' : 'no'} | ${contract[n].summary} |`),
    '',
  ];
  for (const n of methodNames) {
    const m = contract[n];
    const size = m.maxInputBytes ? ` Its input may be up to ${m.maxInputBytes / 1_000_000} MB of JSON (other methods: 1 MB).` : '';
    out.push(`## ${n}`, '', `${m.summary}`, '', `Role: \`${m.role}\`. ${m.write ? 'Writes (idempotent by `clientId`).' : 'Reads only.'}${size}`, '');
    out.push('Input:', '', '```ts', schemaText(m.input, 'input'), '```', '');
    out.push('Output:', '', '```ts', schemaText(m.output, 'output'), '```', '');
    out.push('Example:', '', '```json', JSON.stringify({ input: m.example.input, ...(m.example.output !== undefined ? { output: m.example.output } : {}) }, null, 2), '```', '');
  }
  return out.join('\n');
}
