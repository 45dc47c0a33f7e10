/* global process */
// Preloaded into a process the bench measures: reports its peak RSS (KiB) on stderr at exit.
process.on('exit', () => process.stderr.write(`\nmaxrss-kib ${process.resourceUsage().maxRSS}\n`));
