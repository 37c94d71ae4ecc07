"""The monitor report as PDF (WeasyPrint), in the order of the screens: the headline numbers,
the periods side by side, then every table with its chart; suppression applied."""

from __future__ import annotations

from flask import render_template

from caseflow.monitor.services import Monitor

CSS = """
@page { size: A4; margin: 16mm; @bottom-right { content: counter(page) " / " counter(pages); } }
body { font-family: sans-serif; font-size: 10pt; color: #212529; }
h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 14pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6pt; }
th, td { border-bottom: 1px solid #ccc; padding: 2pt 4pt; text-align: left; }
td.num, th.num { text-align: right; }
img.chart { width: 100%; max-height: 80mm; object-fit: contain; }
section { break-inside: avoid; }
"""


def render_pdf(
    monitor: Monitor,
    images: dict[str, str],
    dimension_label: object,
    summary: object = None,
    switches: object = None,
) -> bytes:
    from weasyprint import CSS as StyleSheet  # loads pango; only needed for printing
    from weasyprint import HTML

    html = render_template(
        "monitor/report_pdf.html",
        monitor=monitor,
        images=images,
        dimension_label=dimension_label,
        summary=summary,
        switches=switches,
    )
    from weasyprint.urls import URLFetcher

    # Only the charts embedded as data: URIs may be loaded; nothing from disk or network.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[StyleSheet(string=CSS)])
