"""The brief as one self-contained HTML page.

Citations are links to the supporting sentence in the reference list, which is highlighted
when targeted (CSS ``:target``): no script, no external resource, and every piece of article
text escaped, because article text is hostile input.
"""

from __future__ import annotations

from html import escape

from storyfuse.model import Brief
from storyfuse.render.markdown import coverage_line, supports_by_source

_STYLE = """
body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.7rem;line-height:1.25;margin-bottom:.2rem}
.meta{color:#666;font-style:italic;margin-top:0}
.brief p{margin:.6rem 0}
a.cite{font:600 .75rem system-ui,sans-serif;text-decoration:none;vertical-align:super;
  padding:0 .15rem;color:#0a58ca}
a.cite:hover,a.cite:focus{text-decoration:underline}
h2{font:600 1.05rem system-ui,sans-serif;margin-top:2.2rem;border-top:1px solid #ddd;
  padding-top:1rem}
ol.sources{padding-left:1.6rem;font-size:.95rem}
ol.sources>li{margin-bottom:.9rem}
.support{margin:.35rem 0 0;padding:.35rem .6rem;border-left:3px solid #ccc;color:#333;
  scroll-margin-top:2rem}
.support:target{border-left-color:#0a58ca;background:#eef4ff}
.support .for{font:600 .75rem system-ui,sans-serif;color:#666;display:block}
.outlet{font-weight:600}.title{font-style:italic}.date,.where{color:#666}
.where{font:.8rem ui-monospace,monospace;word-break:break-all}
"""


def render_html(brief: Brief) -> str:
    title = escape(brief.title or "Brief")
    body = [f"<h1>{title}</h1>", f'<p class="meta">{escape(coverage_line(brief))}</p>']
    body.append('<section class="brief">')
    for k, sentence in enumerate(brief.sentences, start=1):
        cites = "".join(
            f'<a class="cite" href="#s{k}-src{n}" title="Source {n}">[{n}]</a>'
            for n in sentence.citations
        )
        body.append(f'<p id="s{k}">{escape(sentence.text)}{cites}</p>')
    body.append("</section>")
    body.append('<h2>Sources</h2><ol class="sources">')
    supports = supports_by_source(brief)
    for source in brief.sources:
        head = [f'<span class="outlet">{escape(source.outlet or "(unknown outlet)")}</span>']
        if source.title:
            head.append(f'<span class="title">{escape(source.title)}</span>')
        if source.published:
            head.append(f'<span class="date">{escape(source.published[:10])}</span>')
        where = source.url or source.origin
        if where:
            head.append(f'<span class="where">{escape(where)}</span>')
        body.append(f'<li id="src{source.number}">' + " — ".join(head))
        for k, text in supports.get(source.number, []):
            body.append(
                f'<blockquote class="support" id="s{k}-src{source.number}">'
                f'<a class="for" href="#s{k}">supports sentence {k}</a>{escape(text)}</blockquote>'
            )
        body.append("</li>")
    body.append("</ol>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{_STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
