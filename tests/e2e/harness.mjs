// The e2e tests' fixtures: the built sample site, a static server on 127.0.0.1 and Debian's
// Chromium driven by playwright-core (no browser is ever downloaded).

import { execFileSync, spawn } from "node:child_process";
import { cpSync, createReadStream, existsSync, mkdtempSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "..", "..");

/// The date the sample is evaluated at (the site is byte-identical for a given date).
export const AS_OF = "2026-11-25";

/// Where screenshots go: CI keeps this folder as an artifact for review.
export const SCREENSHOTS = resolve(process.env.E2E_SCREENSHOTS ?? join(here, "artifacts", "screenshots"));

/// The built sample site: `LIANLUO_SITE` when given (and no `args`), else built now with
/// `LIANLUO_BIN` (default: the release binary of `cargo build --release`) and `args`.
export function builtSite(args = []) {
  if (process.env.LIANLUO_SITE && args.length === 0) return resolve(process.env.LIANLUO_SITE);
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, "target");
  const bin = process.env.LIANLUO_BIN ?? join(targetDir, "release", "lianluo");
  if (!existsSync(bin)) {
    throw new Error(`no lianluo binary at ${bin}: run \`cargo build --release\` or set LIANLUO_BIN`);
  }
  const out = join(mkdtempSync(join(tmpdir(), "lianluo-e2e-")), "site");
  execFileSync(bin, ["build", "--quiet", "--content", join(repo, "content"), "--output", out, "--as-of", AS_OF, ...args], { stdio: "inherit" });
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".ics": "text/calendar; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".pdf": "application/pdf",
  ".wasm": "application/wasm",
};

/// The path the sample site is published under (the path of `base_url` in content/site.yaml).
export function basePath() {
  const site = readFileSync(join(repo, "content", "site.yaml"), "utf8");
  const url = site.match(/^base_url:\s*["']?([^"'\s]+)/m)?.[1] ?? "/";
  const path = new URL(url, "http://localhost").pathname;
  return path.endsWith("/") ? path : `${path}/`;
}

/// Serves `root` on 127.0.0.1 (a free port) under the site's base path, as its host would;
/// `404.html` answers every missing path.
export async function serve(root) {
  const base = basePath();
  const server = createServer((request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const inside = path.startsWith(base);
    let file = normalize(join(root, inside ? path.slice(base.length) : "no-such-file"));
    if (!file.startsWith(root + sep) && file !== root) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      response.writeHead(404, { "content-type": TYPES[".html"] });
      response.end(readFileSync(join(root, "404.html")));
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${base}`, base, close: () => new Promise((ok) => server.close(ok)) };
}

/// Debian's Chromium, headless, with the flags the CI machines need.
export async function browser() {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: \`apt-get install -y chromium\` (or set CHROMIUM)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    // Without the networking flags Chromium keeps calling Google's hosts, which CI refuses.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/// A new page that fails the test on any script error, failed request of the site or
/// violation of its Content-Security-Policy (as the console reports it, "Refused to …", and as
/// the page's `securitypolicyviolation` events report it).
export async function newPage(context, problems) {
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (/Refused to|Content Security Policy/i.test(message.text())) problems.push(`CSP violation on ${page.url()}: ${message.text()}`);
    else if (message.type() === "error" && !/404 \(Not Found\)/.test(message.text())) problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  await page.exposeFunction("__lianluoCspViolation", (report) => problems.push(`CSP violation on ${page.url()}: ${report}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      // eslint-disable-next-line no-undef
      window.__lianluoCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  return page;
}

const AXE = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

/// axe-core's WCAG 2.1 A and AA rules over the page as it is now. Returns the violations
/// in a readable form ([] when there are none).
export async function axeViolations(page) {
  // Evaluated by the browser's debugging protocol, not as an inline script the page's CSP
  // would refuse.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] }),
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join("; ")}`).join("\n")}`,
  );
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/// `lianluo serve` on a copy of the sample (a free port of 127.0.0.1): its address, and a
/// function that stops it.
export async function preview() {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, "target");
  const bin = process.env.LIANLUO_BIN ?? join(targetDir, "release", "lianluo");
  const content = join(mkdtempSync(join(tmpdir(), "lianluo-e2e-serve-")), "content");
  cpSync(join(repo, "content"), content, { recursive: true });
  const child = spawn(bin, ["serve", "--content", content, "--port", "0", "--as-of", AS_OF], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.match(/^(http:\/\/\S+)\n/m);
      if (line) ok(line[1]);
    });
    child.on("exit", (code) => fail(new Error(`serve exited (${code}) before listening`)));
  });
  return { url, content, stop: () => new Promise((ok) => { child.once("exit", ok); child.kill(); }) };
}
