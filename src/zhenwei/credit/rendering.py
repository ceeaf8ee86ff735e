"""Guides are plain text with light markup, rendered here with everything escaped (no stored HTML)."""

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe


def render_guide(body: str) -> SafeString:
    """ "## " → heading, "- " → list item, blank line → new paragraph; all text HTML-escaped."""
    html: list[str] = []
    items: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if items:
            html.append("<ul>" + format_html_join("", "<li>{}</li>", ((i,) for i in items)) + "</ul>")
            items.clear()
        if paragraph:
            html.append("<p>" + "<br>".join(escape(p) for p in paragraph) + "</p>")
            paragraph.clear()

    for raw in (body or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            html.append(f"<h2>{escape(line[3:])}</h2>")
        elif line.startswith(("- ", "* ")):
            if paragraph:
                flush()
            items.append(line[2:])
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return mark_safe("\n".join(html))  # noqa: S308 - every piece above is escaped
