// Imported first by main.tsx, before any contract module builds its schemas: zod must not probe
// `new Function` (the renderer's strict CSP forbids eval and reports even a caught probe as a violation).
import { z } from 'zod';

z.config({ jitless: true });
