#!/usr/bin/env node
// The equations of the built site, typeset once when the book is built instead of in every reader's browser:
//
//     node tools/typeset_math.js _build/html        (make book runs it after `jupyter-book build`)
//
// Sphinx writes each equation as TeX in an element of class "math" (\(...\) inline; \[...\] or an amsmath
// environment displayed; a notebook's LaTeX output too) and adds MathJax to the page, which typesets them all after
// every load: on a chapter, some 40 % of the processor time a load takes. Here the same MathJax (npm, package.json;
// the site serves the same files) turns each one into the HTML it makes in the browser, with the hidden MathML that
// screen readers read, and each page gets the style sheet of the characters it uses. The browser only draws them;
// assets/selfcheck.js loads MathJax when the feedback to an answer holds TeX. (tests/test_site_math.py compares this
// HTML with what MathJax makes in Chromium.)
//
// The size: in the browser MathJax scales each equation so that its x-height matches the text around it (127 % of
// the font size with this machine's system-ui font, more or less elsewhere). Here every equation is made at scale 1
// and the style sheet sets the same size in CSS: 1ex of the surrounding text / the x-height of MathJax's TeX font.
//
// A page typeset already has no TeX left, so running this again changes nothing (Sphinx rewrites only the pages
// that changed). The build fails on TeX that MathJax cannot read (the browser would show it in red).
"use strict";

const fs = require("fs");
const path = require("path");

const TEX_FONT_X_HEIGHT = 0.442; // em: MathJax's TeX font (its font data, params.x_height)
const EM = 16; // px: the size of MathJax's em here; its HTML sizes everything in em, and the CSS sizes the em
const MATH = /<(span|div) class="([^"]*\bmath\b[^"]*)"([^>]*)>([\s\S]*?)<\/\1>/g; // also sympy's text/latex output
const EQUATION_NUMBER = /^\s*(<span class="eqno">[\s\S]*?<\/span>)/; // Sphinx numbers equations itself
const SCRIPT = /(<script\b[\s\S]*?<\/script>)/; // split on scripts: JSON inside them is never touched
const MATHJAX_SCRIPT = /\s*<script defer="defer" src="[^"]*_static\/mathjax\/startup\.js[^"]*"><\/script>/;
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function unescapeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") {
      const hex = name[1] === "x" || name[1] === "X";
      return String.fromCodePoint(parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return ENTITIES[name] ?? whole;
  });
}

// "\(x\)" -> inline x; "\[x\]" -> displayed x; "\begin{align}...\end{align}" (amsmath) -> displayed as it is.
function texOf(inner) {
  const text = unescapeHtml(inner).trim();
  if (text.startsWith("\\(") && text.endsWith("\\)")) return { tex: text.slice(2, -2), display: false };
  if (text.startsWith("\\[") && text.endsWith("\\]")) return { tex: text.slice(2, -2), display: true };
  if (/^\\begin\{/.test(text)) return { tex: text, display: true };
  return null;
}

function htmlFiles(folder) {
  const out = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const where = path.join(folder, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith("_")) out.push(...htmlFiles(where));
    else if (entry.isFile() && entry.name.endsWith(".html")) out.push(where);
  }
  return out.sort();
}

// The HTML MathJax makes of one equation (tex2chtmlPromise: a TeX package that loads on demand, such as
// boldsymbol, is loaded first), and what is wrong with its TeX, if anything.
async function typesetOne(MathJax, math) {
  const node = await MathJax.tex2chtmlPromise(math.tex, {
    display: math.display,
    em: EM,
    ex: EM * TEX_FONT_X_HEIGHT,
    containerWidth: 50 * EM,
    scale: 1, // the size comes from the style sheet (see above), not from a font-size on each equation
  });
  const html = MathJax.startup.adaptor.outerHTML(node);
  const error = html.match(/data-mjx-error="([^"]*)"/);
  return { html, error: error ? `${error[1]} in ${math.tex}` : null };
}

async function typesetPage(MathJax, file, site) {
  const page = fs.readFileSync(file, "utf8");
  const output = MathJax.startup.output;
  output.clearCache(); // this page's style sheet: its own characters, fonts addressed from its folder
  const parts = page.split(SCRIPT);
  const found = []; // [part, the element's HTML, its TeX] of each equation, in the parts that are not scripts
  parts.forEach((part, i) => {
    if (i % 2 === 1) return;
    for (const match of part.matchAll(MATH)) {
      const inner = match[4];
      const number = (inner.match(EQUATION_NUMBER) || ["", ""])[1];
      const math = texOf(number ? inner.slice(inner.indexOf(number) + number.length) : inner);
      if (math) found.push({ part: i, whole: match[0], number, math });
    }
  });
  if (!found.length) return 0; // typeset already, or no maths
  const typeset = [];
  for (const f of found) typeset.push(await typesetOne(MathJax, f.math));
  const errors = typeset.filter((t) => t.error).map((t) => t.error);
  if (errors.length) throw new Error(`${file}: TeX that MathJax cannot typeset:\n  ${errors.join("\n  ")}`);
  let next = 0;
  const done = parts.map((part, i) => {
    if (i % 2 === 1) return part;
    return part.replace(MATH, (whole, tag, classes, attributes) => {
      if (next >= found.length || found[next].part !== i || found[next].whole !== whole) return whole;
      const { number } = found[next];
      const { html } = typeset[next++];
      return `<${tag} class="${classes}"${attributes}>${number}${html}</${tag}>`;
    });
  });
  const root = path.relative(path.dirname(file), site).split(path.sep).join("/");
  output.font.options.fontURL = `${root ? root + "/" : ""}_static/mathjax/output/chtml/fonts/woff-v2`;
  const sheet = MathJax.startup.adaptor.textContent(output.styleSheet(MathJax.startup.document));
  const scale = `mjx-container[jax="CHTML"] { font-size: calc(1ex / ${TEX_FONT_X_HEIGHT}); }`;
  const styles = `<style id="course-typeset-math">\n${scale}\n${sheet}\n</style>\n`;
  const html = done.join("").replace(MATHJAX_SCRIPT, "").replace("</head>", `${styles}</head>`);
  fs.writeFileSync(file, html);
  return found.length;
}

async function main() {
  const site = process.argv[2];
  if (!site || !fs.existsSync(path.join(site, "index.html"))) {
    console.error("usage: node tools/typeset_math.js <built site folder, e.g. _build/html>");
    process.exit(2);
  }
  const MathJax = await require("mathjax").init({
    loader: { load: ["adaptors/liteDOM", "input/tex", "output/chtml", "a11y/assistive-mml"], versionWarnings: false },
    options: { enableAssistiveMml: true },
    startup: { typeset: false },
  });
  let pages = 0;
  let equations = 0;
  for (const file of htmlFiles(site)) {
    const n = await typesetPage(MathJax, file, site);
    pages += n ? 1 : 0;
    equations += n;
  }
  console.log(`typeset ${equations} equations in ${pages} pages of ${site}`);
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
