/**
 * `npm run bench`: every measurement, on this machine, in one run, so ratios compare like with like.
 * Each bench module exports run(log); loops are bounded and traffic stays on loopback.
 */
const BENCHES = ['engine', 'http', 'reply-client', 'plans'];

for (const name of BENCHES) {
  const file = new URL(`./${name}.ts`, import.meta.url);
  console.log(`\n== ${name} ==`);
  const mod = (await import(file.href)) as { run: (log: (line: string) => void) => Promise<void> };
  await mod.run((line) => console.log(line));
}
process.exit(0);
