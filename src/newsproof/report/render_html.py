"""A self-contained HTML page: the article with evidence highlighted, and the findings beside it.

All article text is escaped; the page has no external resources and a few lines of inline script
(clicking a finding scrolls to and flashes its evidence; clicking a highlight shows its findings).
"""

from __future__ import annotations

from html import escape

from newsproof.report.common import capped, evidence_quotes, grouped_findings, in_quotes
from newsproof.report.highlight import segments
from newsproof.report.model import Report
from newsproof.report.render_sidebyside import side_by_side_html

CSS = """
body{font:16px/1.55 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5rem;max-width:1200px;margin:auto;padding:1rem}
@media(max-width:800px){main{grid-template-columns:1fr}}
header.verdict{padding:1rem;border-radius:8px;margin:1rem auto;max-width:1170px}
.risk-low{background:#e8f5e9}.risk-some{background:#fff8e1}.risk-misleading{background:#ffe0b2}.risk-likely{background:#ffcdd2}
article.text{white-space:pre-wrap;background:#fff;padding:1rem;border-radius:8px;box-shadow:0 1px 3px #0002}
mark{background:#e3f2fd;border-radius:2px;cursor:pointer}mark.sev-low{background:#e0f7fa}
mark.sev-medium{background:#fff59d}mark.sev-high{background:#ffab91}mark.flash{outline:3px solid #d32f2f}
.findings li{margin:.4rem 0;list-style:none;padding:.4rem;border-left:4px solid #ccc;background:#fff}
.findings li.sev-high{border-color:#d84315}.findings li.sev-medium{border-color:#f9a825}.findings li.sev-low{border-color:#00838f}
.findings button{all:unset;cursor:pointer;display:block}.findings button:focus{outline:2px solid #1565c0}
blockquote{margin:.2rem 0 .2rem 1rem;color:#555;font-style:italic}
.badge{font-size:.75rem;text-transform:uppercase;padding:0 .3rem;border-radius:3px;background:#eee}
footer{font-size:.8rem;color:#666;max-width:1170px;margin:1rem auto;padding:0 1rem}
"""

SCRIPT = """
document.querySelectorAll('[data-finding]').forEach(function(btn){btn.addEventListener('click',function(){
 var marks=document.querySelectorAll('mark[data-f~="'+btn.dataset.finding+'"]');
 document.querySelectorAll('mark.flash').forEach(function(m){m.classList.remove('flash')});
 marks.forEach(function(m){m.classList.add('flash')}); if(marks.length){marks[0].scrollIntoView({block:'center'})}
});});
document.querySelectorAll('mark[data-f]').forEach(function(m){m.addEventListener('click',function(){
 var first=m.dataset.f.split(' ')[0]; var li=document.getElementById('finding-'+first);
 if(li){li.scrollIntoView({block:'center'}); var b=li.querySelector('button'); if(b){b.focus()}}
});});
"""


def _risk_class(risk: int) -> str:
    return (
        "risk-likely" if risk >= 70 else "risk-misleading" if risk >= 45 else "risk-some" if risk >= 20 else "risk-low"
    )


def highlighted_article(report: Report) -> str:
    """The article text as escaped HTML with ``<mark>`` elements around evidence."""
    text = report.article.text
    parts = []
    for seg in segments(text, report.findings):
        chunk = escape(text[seg.start : seg.end])
        if seg.findings:
            ids = " ".join(str(i) for i in seg.findings)
            title = escape(" | ".join(report.findings[i].message for i in seg.findings[:4]))
            sev = seg.severity.value if seg.severity else "info"
            parts.append(f'<mark class="sev-{sev}" data-f="{ids}" title="{title}" tabindex="0">{chunk}</mark>')
        else:
            parts.append(chunk)
    return "".join(parts)


def findings_list(report: Report) -> str:
    """The findings as an HTML list grouped by check, each linked to its evidence."""
    out = []
    for check, items in grouped_findings(report):
        kept, dropped = capped(items)
        out.append(f"<h3>{escape(check)}</h3><ul class='findings'>")
        for index, finding in kept:
            quotes = "".join(
                f"<blockquote>{escape(in_quotes(q))}</blockquote>" for q in evidence_quotes(report, finding)
            )
            out.append(
                f"<li id='finding-{index}' class='sev-{finding.severity.value}'>"
                f"<button type='button' data-finding='{index}'><span class='badge'>{finding.severity.value}</span> "
                f"{escape(finding.message)}</button>{quotes}</li>"
            )
        if dropped:
            out.append(f"<li>… and {dropped} more in the JSON report</li>")
        out.append("</ul>")
    return "".join(out)


def render_html(report: Report) -> str:
    """A complete, self-contained HTML page for the report."""
    v = report.verdict
    a = report.article
    meta = "".join(
        f"<div><strong>{label}:</strong> {escape(value)}</div>"
        for label, value in (("Byline", a.author), ("Credited source", a.credited_source), ("Date", a.date))
        if value
    )
    reasons = "".join(f"<li>{escape(r)}</li>" for r in v.reasons)
    notes = "".join(
        f"<div>{escape(c.name)}: {escape(c.status)} — {escape(c.reason or '')}</div>"
        for c in report.run.checks
        if c.status != "ran"
    ) + "".join(f"<div>note: {escape(n)}</div>" for n in report.run.notes)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>newsproof: {escape(a.headline_text or 'report')}</title><style>{CSS}</style></head><body>"
        f"<header class='verdict {_risk_class(v.risk)}'><h1>{escape(v.label)} — risk {v.risk}/100</h1>"
        f"<ul>{reasons}</ul>{meta}</header>"
        f"<main><section><h2>Article</h2><article class='text'>{highlighted_article(report)}</article></section>"
        f"<section><h2>Findings</h2>{findings_list(report)}</section></main>"
        f"{side_by_side_html(report) if 'provenance' in report.sections else ''}"
        f"<footer>{notes}<div>newsproof {escape(report.run.newsproof_version)} · schema "
        f"{escape(report.schema_version)}</div></footer><script>{SCRIPT}</script></body></html>"
    )
