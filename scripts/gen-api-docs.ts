// npm run docs:api — rewrite docs/API.md from the contract.
import fs from 'node:fs';
import { renderApiDocs } from '../core/api/docs';

fs.writeFileSync(new URL('../docs/API.md', import.meta.url), renderApiDocs());
console.log('docs/API.md written');
