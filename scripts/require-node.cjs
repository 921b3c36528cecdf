// The Node version guard every npm script loads first (`node -r ./scripts/require-node.cjs ...`,
// or `node scripts/require-node.cjs && ...` before a tool's own bin). Plain CommonJS with no
// syntax newer than Node 12, so it runs on whatever Node a user has, before a `.ts` entry fails
// to load with a stack trace; it reads one 3-byte file and costs no extra process when preloaded.
// The major it wants is `.node-version`'s (the deployed function's nodejs24.x); a newer major is
// accepted, as package.json's `engines` says.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const file = join(__dirname, "..", ".node-version");
const wanted = Number.parseInt(readFileSync(file, "utf8").trim().replace(/^v/, ""), 10);
const found = process.versions.node;
if (Number.parseInt(found, 10) < wanted) {
  process.stderr.write(
    `This project needs Node ${wanted} (.node-version) and this is Node ${found}: run \`nvm install ${wanted}\`, \`fnm use --install-if-missing\` or \`volta install node@${wanted}\`, then this command again.\n`,
  );
  process.exit(1);
}
