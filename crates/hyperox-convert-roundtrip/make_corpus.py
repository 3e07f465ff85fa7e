#!/usr/bin/env python3
"""Writes the converter's round-trip corpus (corpus/*.html): htmx example
markup, Tailwind-style pages with mixed text, quotes, SVG, boolean
attributes, comments, entities, <pre> whitespace, custom elements and
hx-* attributes, each pattern in several variations. Run it again after
changing it; the files are kept in the repository."""
import itertools, os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    os.remove(os.path.join(out, f))

words = ["Hello", "Caf\u00e9 & cr\u00e8me", "Tom's \"quoted\" text", "a < b > c", "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af", "emoji \U0001F980 ok", "tabs\tand  spaces"]
colors = ["indigo", "slate", "emerald", "rose"]
docs = []

def add(name, html):
    docs.append((name, html))

# htmx examples: click to edit, active search, infinite scroll, inline validation, tabs, modal, progress, lazy load
for i, w in enumerate(words):
    add(f"htmx-click-to-edit-{i}", f'''<div hx-target="this" hx-swap="outerHTML">
  <div><label>First Name</label>: {w.replace("&", "&amp;").replace("<", "&lt;")}</div>
  <div><label>Email</label>: joe@smith.org</div>
  <button hx-get="/contact/{i}/edit" class="btn primary">Click To Edit</button>
</div>''')
    add(f"htmx-active-search-{i}", f'''<h3>Search Contacts <span class="htmx-indicator"><img src="/img/bars.svg"/> Searching...</span></h3>
<input class="form-control" type="search" name="search" placeholder="Begin typing to search users..." hx-post="/search" hx-trigger="input changed delay:500ms, keyup[key=='Enter'], load" hx-target="#search-results" hx-indicator=".htmx-indicator">
<table class="table">
  <thead><tr><th>First Name</th><th>Last Name</th><th>Email</th></tr></thead>
  <tbody id="search-results"><tr><td>{w.replace("&", "&amp;").replace("<", "&lt;")}</td><td>Doe</td><td>j@d.org</td></tr></tbody>
</table>''')
    last = ' hx-get="/contacts/?page=2" hx-trigger="revealed" hx-swap="afterend"'
    add(f"htmx-infinite-scroll-{i}", "<table><tbody>" + "".join(
        f'<tr{last if r == 4 else ""}><td>Agent Smith {r}</td><td>void{r}@null.org</td><td>55F49448C0{r}</td></tr>'
        for r in range(5 + i)) + "</tbody></table>")
    add(f"htmx-inline-validation-{i}", f'''<form hx-post="/contact">
  <div hx-target="this" hx-swap="outerHTML">
    <label>Email Address</label>
    <input name="email" hx-post="/contact/email" hx-indicator="#ind" value="{w.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")}">
    <img id="ind" src="/img/bars.svg" class="htmx-indicator"/>
  </div>
  <div class="form-group"><label>First Name</label><input type="text" class="form-control" name="firstName" required></div>
  <button class="btn primary" disabled>Submit</button>
</form>''')
    add(f"htmx-tabs-{i}", f'''<div id="tabs" hx-target="#tab-contents" role="tablist" hx-on:htmx-after-on-load="let c = document.querySelector('[aria-selected=true]'); c.setAttribute('aria-selected', 'false')">
  <button role="tab" aria-controls="tab-contents" aria-selected="true" hx-get="/tab1">Tab 1</button>
  <button role="tab" aria-controls="tab-contents" aria-selected="false" hx-get="/tab2">Tab {i}</button>
</div>
<div id="tab-contents" role="tabpanel" hx-get="/tab1" hx-trigger="load"></div>''')
    add(f"htmx-progress-{i}", f'''<div hx-trigger="done" hx-get="/job" hx-swap="outerHTML" hx-target="this">
  <h3 role="status" id="pblabel" tabindex="-1" autofocus>Running</h3>
  <div hx-get="/job/progress" hx-trigger="every 600ms" hx-target="this" hx-swap="innerHTML">
    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{i * 10}" aria-labelledby="pblabel">
      <div id="pb" class="progress-bar" style="width:{i * 10}%"></div>
    </div>
  </div>
</div>''')

# Tailwind-style pages with mixed text, documents
for i, (w, c) in enumerate(itertools.product(words, colors)):
    wesc = w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    add(f"tailwind-page-{i}", f'''<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{wesc} \u00b7 site</title>
  <link rel="stylesheet" href="/assets/styles.css">
  <script src="/assets/htmx.min.js"></script>
</head>
<body class="min-h-screen bg-{c}-50 text-{c}-900 antialiased">
  <header class="border-b border-{c}-200"><nav class="mx-auto flex max-w-4xl gap-4 p-4"><a href="/" class="font-bold">Home</a><a href="/about?x=1&amp;y=2" class="hover:underline">About</a></nav></header>
  <main class="mx-auto max-w-4xl px-4 py-8">
    <h1 class="text-3xl font-bold tracking-tight sm:text-4xl">{wesc}</h1>
    <p class="mt-2 text-{c}-600">Some <strong>bold</strong>, some <em>emphasis</em>, a <a href="/x">link</a>, and <code>code()</code> mixed in text.</p>
    <ul class="mt-4 list-disc pl-6">{"".join(f"<li>Item {k} &mdash; {wesc}</li>" for k in range(i % 5 + 1))}</ul>
    <button type="button" class="rounded bg-{c}-600 px-3 py-1 text-white hover:bg-{c}-700 focus:outline-none focus:ring-2" hx-post="/like/{i}" hx-swap="outerHTML">Like</button>
  </main>
  <footer class="p-4 text-sm">&copy; 2026 &nbsp;&nbsp; &lt;site&gt;</footer>
</body>
</html>''')

# SVG icons and charts
for i in range(28):
    add(f"svg-{i}", f'''<button class="inline-flex items-center gap-2">
  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="{1 + i % 3}" class="h-5 w-5" aria-hidden="true">
    <path stroke-linecap="round" stroke-linejoin="round" d="M{i} 12h{i + 2}M12 {i}v{i + 1}"/>
    <circle cx="12" cy="12" r="{i % 9 + 1}"/>
    <linearGradient id="g{i}"><stop offset="0%" stop-color="#fff"/></linearGradient>
    <use xlink:href="#g{i}" xmlns:xlink="http://www.w3.org/1999/xlink"/>
    <text x="2" y="20">&lt;{i}&gt;</text>
  </svg>
  <span>Icon {i}</span>
</button>''')

# Boolean attributes, forms
for i in range(28):
    add(f"form-{i}", f'''<form method="post" action="/f/{i}" novalidate>
  <fieldset {"disabled" if i % 2 else ""}>
    <legend>Options {i}</legend>
    <label><input type="checkbox" name="a" checked> A</label>
    <label><input type="radio" name="r" value="1" {"checked" if i % 3 == 0 else ""}> One</label>
    <select name="s" {"multiple" if i % 4 == 0 else ""}><option value="1" selected>One</option><option value="2" disabled>Two</option><optgroup label="More"><option>Three</option></optgroup></select>
    <textarea name="t" rows="3" readonly>Line one
  indented &lt;two&gt;</textarea>
    <input type="text" name="n" required autofocus placeholder='single "quotes" inside' pattern="[a-z]+">
  </fieldset>
  <button formnovalidate>Send</button>
</form>''')

# Comments, entities, pre whitespace
for i in range(28):
    add(f"comments-entities-{i}", f'''<!-- a comment {i} -->
<p>&amp; &lt; &gt; &quot; &#39; &#x263A; &hearts; &nbsp;x&nbsp;</p>
<!-- another: <b>not</b> markup -->
<pre>
  def f(x):
      return x &lt; {i}
</pre>
<pre>{"  " * (i % 3)}indented first line
second</pre>
<p>trailing text <!-- inline --> after</p>''')

# Custom elements, templates, scripts and styles
for i in range(28):
    add(f"custom-{i}", f'''<my-card data-id="{i}" hx-get="/cards/{i}" hx-trigger="intersect once">
  <card-title slot="title">Card {i}</card-title>
  <x-icon name="star" size="{i}"></x-icon>
  <template id="t{i}"><li class="item">Template row {i}</li></template>
</my-card>
<script>
  document.querySelectorAll("my-card").forEach((c) => c.dataset.ready = "{i}" && true);
</script>
<style>
  my-card > card-title {{ font-weight: {400 + i}; }}
</style>''')

# Tables, lists, definition lists, mixed inline
for i in range(28):
    add(f"mixed-{i}", f'''<article>
  <h2 id="s{i}">Section {i}</h2>
  <p>Before <a href="/a?b=c&amp;d=e">a link</a> between <span class="x">a span</span>, then <kbd>Ctrl</kbd>+<kbd>C</kbd>.</p>
  <dl><dt>Term</dt><dd>Definition with <abbr title="HyperText Markup Language">HTML</abbr></dd></dl>
  <table><caption>Data {i}</caption><tr><th scope="col">A</th><th>B</th></tr><tr><td colspan="2">{i}</td></tr></table>
  <ol start="{i}" reversed>{"".join(f"<li>{k}</li>" for k in range(i % 7 + 1))}</ol>
  <img src="/i/{i}.png" alt="Picture {i} &amp; more" width="{i + 1}" loading="lazy">
  <br><hr>
  <p>Unclosed paragraph
  <p>Another one</p>
</article>''')

for name, html in docs:
    with open(os.path.join(out, f"{name}.html"), "w", encoding="utf-8") as f:
        f.write(html + "\n")
print(len(docs), "documents")
