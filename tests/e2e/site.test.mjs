// The built sample site in a real browser: a reader's click-through, Chinese full-text search,
// axe-core's WCAG 2.1 A/AA rules on every page type, no Content-Security-Policy violation on
// any page, and the preview (`lianluo serve`) at rest. Run with `npm test` in this folder
// (see the README's development section).

import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { axeViolations, browser, builtSite, newPage, preview, screenshot, serve } from "./harness.mjs";

let server;
let chromium;
let context;
const problems = [];

before(async () => {
  server = await serve(builtSite());
  chromium = await browser();
  context = await chromium.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await context?.close();
  await chromium?.close();
  await server?.close();
});

/// The first link of a listing page whose address starts with `prefix` (site-relative).
async function firstLink(page, prefix) {
  const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href");
  assert.ok(href, `no link to ${prefix}… on ${page.url()}`);
  return new URL(href, page.url()).href;
}

/// Searches on the search page (of `site`, default the sample's) and returns the results in
/// order: [{ url, title }].
async function search(page, query, site = server) {
  await page.goto(`${site.url}search/index.html`);
  const input = page.locator("pagefind-input input");
  await input.fill(query);
  await page.locator("pagefind-results a.pf-result-link").first().waitFor({ timeout: 15000 });
  // Results are filled in as their fragments load (those below the fold only when scrolled
  // to); wait until the list has settled and the first ones are filled.
  await page.waitForFunction(() => {
    const list = document.querySelector("pagefind-results ul.pf-results");
    const items = [...(list?.querySelectorAll(":scope > .pf-result") ?? [])].slice(0, 3);
    return list?.getAttribute("aria-busy") === "false" && items.length > 0 && items.every((r) => r.querySelector("a.pf-result-link"));
  });
  const base = site.base;
  return page.locator("pagefind-results ul.pf-results > .pf-result a.pf-result-link").evaluateAll(
    (links, base) => links.map((link) => ({ url: "/" + new URL(link.getAttribute("href"), location.href).pathname.slice(base.length), title: link.textContent.trim() })),
    base,
  );
}

describe("a reader's path through the portal", () => {
  test("home → a deputy → a meeting → the compliance dashboard → the article it cites", async () => {
    const page = await newPage(context, problems);
    await page.goto(server.url);
    await assert.doesNotReject(page.locator("h1").first().waitFor());

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "代表", exact: true }).click();
    await page.waitForURL(/deputies\/index\.html$/);
    // A deputy who attended meetings.
    await page.getByRole("link", { name: "杨敏" }).first().click();
    await page.waitForURL(/deputies\/yang-min\.html$/);
    assert.match(await page.locator("h1").innerText(), /杨敏/);

    const meeting = page.locator('section[aria-labelledby="meetings"] a[href*="meetings/"]').first();
    const meetingTitle = (await meeting.innerText()).trim();
    await meeting.click();
    await page.waitForURL(/meetings\/[^/]+\.html$/);
    assert.equal((await page.locator("h1").innerText()).trim(), meetingTitle);
    // The meeting's attendance list names the deputy we came from.
    assert.ok(await page.locator('section[aria-labelledby="attendees"]').getByRole("link", { name: "杨敏" }).count());

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "履职评估" }).click();
    await page.waitForURL(/compliance\/index\.html$/);
    await page.locator('main a[href$="2026.html"]').first().click();
    await page.waitForURL(/compliance\/2026\.html$/);

    const citation = page.locator('main a[href*="regulation/index.html#article-"]').first();
    const anchor = (await citation.getAttribute("href")).split("#")[1];
    await citation.click();
    await page.waitForURL(new RegExp(`regulation/index\\.html#${anchor}$`));
    const article = page.locator(`section#${anchor}`);
    assert.ok(await article.isVisible(), `the cited article ${anchor} is on the page`);
    assert.match(await article.locator("h2").innerText(), /^第.+条/);
    // The browser scrolled to the article.
    const top = await article.evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top < 200, `article ${anchor} is at the top of the window (top = ${top})`);
    await page.close();
  });
});

/// The number of results the search page announces (its summary), after `search`.
async function resultCount(page) {
  const summary = await page.locator("pagefind-summary").innerText();
  const count = summary.match(/\d+/);
  assert.ok(count, `no count in the summary "${summary}"`);
  return Number(count[0]);
}

describe("Chinese full-text search", () => {
  test("a two-character name finds the deputy's page first", async () => {
    const page = await newPage(context, problems);
    const results = await search(page, "杨敏");
    assert.ok(results.length > 0, "results");
    assert.equal(results[0].url, "/deputies/yang-min.html", JSON.stringify(results.slice(0, 5)));
    await screenshot(page, "search-2-chars");
    await page.close();
  });

  test("a four-character term finds the inspections titled with it first", async () => {
    const page = await newPage(context, problems);
    const results = await search(page, "执法检查");
    assert.ok(results.length >= 3, JSON.stringify(results));
    // The sample has five 执法检查 activities; they lead, ahead of the pages that only mention the term.
    const leading = results.slice(0, 3);
    for (const result of leading) {
      assert.match(result.url, /^\/activities\//, JSON.stringify(results.slice(0, 6)));
      assert.match(result.title, /执法检查/);
    }
    await screenshot(page, "search-4-chars");
    await page.close();
  });

  test("the header's search form carries the query to the search page", async () => {
    const page = await newPage(context, problems);
    await page.goto(`${server.url}meetings/index.html`);
    await page.getByRole("search").getByRole("searchbox").fill("乡村振兴");
    await page.getByRole("search").getByRole("button", { name: "搜索" }).click();
    await page.waitForURL(/search\/index\.html\?q=/);
    await page.locator("pagefind-results a.pf-result-link").first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator("pagefind-input input").inputValue(), "乡村振兴");
    const first = await page.locator("pagefind-results a.pf-result-link").first().innerText();
    assert.match(first, /乡村振兴/);
    await page.close();
  });
});

describe("a national-scale index, built in parts and merged by the browser", () => {
  // The sample built with parts of at most 70 pages: 188 searchable pages in three parts.
  let parted;
  before(async () => {
    parted = await serve(builtSite(["--search-part-pages", "70"]));
  });
  after(async () => {
    await parted?.close();
  });

  // Each part scores its pages with its own word statistics, so pages of nearly equal score
  // may come in another order than from one index: the parted index must find as many pages,
  // and lead with the pages a reader expects.
  const expectations = {
    杨敏: (results) => assert.equal(results[0].url, "/deputies/yang-min.html"),
    执法检查: (results) => {
      for (const result of results.slice(0, 3)) assert.match(result.url, /^\/activities\/.*zhifa-jiancha/);
    },
    乡村振兴: (results) => assert.match(results[0].title, /乡村振兴/),
  };
  for (const [query, expect] of Object.entries(expectations)) {
    test(`"${query}" finds as many pages as the index in one part, led by the expected ones`, async () => {
      const page = await newPage(context, problems);
      await search(page, query);
      const wholeCount = await resultCount(page);
      const parts = await search(page, query, parted);
      assert.ok(wholeCount > 0, query);
      assert.equal(await resultCount(page), wholeCount, `${query}: ${JSON.stringify(parts.slice(0, 5))}`);
      expect(parts);
      await page.close();
    });
  }

  test("the filters count the pages of every part", async () => {
    const page = await newPage(context, problems);
    const counts = async () => {
      const pane = page.locator("pagefind-filter-pane");
      await pane.locator("input[type=checkbox]").first().waitFor({ state: "attached" });
      return pane.evaluate((el) => el.textContent.replace(/\s+/g, " ").trim());
    };
    await search(page, "代表");
    const whole = await counts();
    await search(page, "代表", parted);
    assert.equal(await counts(), whole);
    await page.close();
  });
});

// Every page type of the site (spec §6): fixed paths, and record pages found by following
// the first link of their listing.
const at = (path) => async () => `${server.url}${path}`;
const firstOf = (section) => async (page) => {
  await page.goto(`${server.url}${section}/index.html`);
  return firstLink(page, `../${section}/`);
};
const PAGE_TYPES = [
  ["home", at("")],
  ["deputies", at("deputies/index.html")],
  ["deputy", at("deputies/yang-min.html")],
  ["members", at("members/index.html")],
  ["member", firstOf("members")],
  ["groups", at("groups/index.html")],
  ["group", firstOf("groups")],
  ["meetings", at("meetings/index.html")],
  ["meeting", firstOf("meetings")],
  ["symposiums", at("symposiums/index.html")],
  ["symposium", firstOf("symposiums")],
  ["activities", at("activities/index.html")],
  ["activity", firstOf("activities")],
  ["solicitations", at("solicitations/index.html")],
  ["solicitation", firstOf("solicitations")],
  ["opinions", at("opinions/index.html")],
  ["letters", at("letters/index.html")],
  ["compliance-index", at("compliance/index.html")],
  ["compliance-year", at("compliance/2026.html")],
  ["regulation", at("regulation/index.html")],
  ["reports", at("reports/index.html")],
  ["data", at("data/index.html")],
  ["page", at("pages/about.html")],
  ["not-found", at("no/such/page.html")],
];

describe("accessibility: axe-core WCAG 2.1 A and AA, every page type", () => {
  for (const [name, locate] of PAGE_TYPES) {
    test(name, async () => {
      const page = await newPage(context, problems);
      const url = await locate(page);
      const response = await page.goto(url);
      assert.equal(response.status(), name === "not-found" ? 404 : 200, url);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${url}\n${violations.join("\n")}`);
      await screenshot(page, name);
      await page.close();
    });
  }

  test("search page with results and filters", async () => {
    const page = await newPage(context, problems);
    await search(page, "执法检查");
    await page.locator("pagefind-filter-pane").first().waitFor();
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join("\n"));
    await screenshot(page, "search");
    await page.close();
  });

  test("mobile width (390 px): deputy page", async () => {
    const mobile = await chromium.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await newPage(mobile, problems);
    await page.goto(`${server.url}deputies/yang-min.html`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join("\n"));
    // Nothing is wider than the screen (tables scroll inside their own box).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await screenshot(page, "mobile-deputy");
    await mobile.close();
  });
});

describe("the preview (lianluo serve)", () => {
  test("a page open for 5 s is loaded once, and its reload script obeys the CSP", async () => {
    const served = await preview();
    const seen = [];
    try {
      const page = await newPage(context, seen);
      let loads = 0;
      page.on("load", () => loads++);
      await page.goto(`${served.url}deputies/index.html`);
      // The live-reload script has connected to the event stream.
      await page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.includes("/__lianluo/reload.js")));
      await page.waitForTimeout(5000);
      assert.equal(loads, 1, "the preview reloaded the page by itself");
      // … and an edit does reload it: the script is live.
      const about = join(served.content, "pages", "about.md");
      appendFileSync(about, "\n预览刷新测试。\n");
      await page.waitForEvent("load", { timeout: 20000 });
      assert.equal(loads, 2);
      await page.close();
    } finally {
      await served.stop();
    }
    // A reload ends the open event stream (the browser aborts it): that is no problem.
    problems.push(...seen.filter((p) => !/__lianluo\/events \(net::ERR_ABORTED\)/.test(p)));
  });
});

describe("the Content-Security-Policy is in force", () => {
  test("an inline script is refused, and the refusal is caught as a problem", async () => {
    const caught = [];
    const page = await newPage(context, caught);
    await page.goto(`${server.url}index.html`);
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true;";
      document.head.append(script);
      return window.__inlineRan === true;
    });
    assert.equal(ran, false, "the inline script ran");
    await page.waitForTimeout(200);
    assert.ok(caught.some((p) => /CSP violation/.test(p) && /script-src/.test(p)), caught.join("\n"));
    await page.close();
  });
});

describe("no script errors, failed requests or CSP violations", () => {
  test("on any page visited above", () => {
    assert.deepEqual(problems, []);
  });
});
