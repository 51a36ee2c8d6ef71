// Writes {"items":[{"id":0,"name":"item-0"}, ...]} with N items to the given file.
import { writeFileSync } from 'node:fs';
const [, , count, file] = process.argv;
const items = Array.from({ length: Number(count) }, (_, i) => ({ id: i, name: `item-${i}` }));
writeFileSync(file, JSON.stringify({ items }));
