"""What WordPress markup means: shortcodes, Gutenberg block comments and paragraphs.

A post's `content:encoded` is HTML as the editor saved it: classic posts
without `<p>` (WordPress adds paragraphs when it shows them, `wpautop`),
Gutenberg posts wrapped in `<!-- wp:name {...} -->` comments, and shortcodes
in square brackets. Each is turned into the HTML it stands for, before the
HTML step makes Markdown of it; a shortcode this does not know stays as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->|<!--\s*(more|nextpage)\b[^>]*-->", re.DOTALL)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.IGNORECASE)
_EMBED = re.compile(r"\[embed([^\]]*)\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
_MEDIA = re.compile(r"\[(audio|video)([^\]]*)\](?:(.*?)\[/\1\])?", re.DOTALL | re.IGNORECASE)
_IMAGE = re.compile(r"<img\b[^>]*>|<a\b[^>]*>\s*<img\b[^>]*>\s*</a>", re.IGNORECASE | re.DOTALL)
_BLOCK_START = re.compile(
    r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|dl|section|iframe|"
    r"video|audio|address|form|fieldset|style|script)\b",
    re.IGNORECASE,
)
_MEDIA_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "flv")


def attributes(text: str) -> dict[str, str]:
    """A shortcode's `name="value"` pairs."""
    return {
        match.group(1).lower(): next(v for v in match.groups()[1:] if v is not None)
        for match in _ATTRIBUTE.finditer(text)
    }


def _link(url: str, label: str) -> str:
    return f'<p><a href="{html.escape(url)}">{html.escape(label)}</a></p>'


def _caption(match: re.Match[str]) -> str:
    inner = match.group(3)
    image = _IMAGE.search(inner)
    caption = attributes(match.group(2)).get("caption", "")
    if image is not None:
        caption = caption or (inner[: image.start()] + inner[image.end() :]).strip()
    pictured = image.group(0) if image is not None else ""
    return f"<figure>{pictured}<figcaption>{caption}</figcaption></figure>"


def _gallery(match: re.Match[str], attachments: Mapping[str, str]) -> str:
    ids = [part.strip() for part in attributes(match.group(1)).get("ids", "").split(",")]
    images = [
        f'<li><img src="{html.escape(attachments[i])}" alt="image {html.escape(i)}"></li>'
        for i in ids
        if i in attachments
    ]
    return f"<ul>{''.join(images)}</ul>" if images else "<p>(a gallery of this post's images)</p>"


def _embed(match: re.Match[str]) -> str:
    url = match.group(2).strip() or attributes(match.group(1)).get("src", "")
    return _link(url, url) if url else ""


def _media(match: re.Match[str]) -> str:
    kind = match.group(1).lower()
    found = attributes(match.group(2))
    url = next((found[key] for key in _MEDIA_SOURCES if found.get(key)), "")
    if not url:
        return match.group(3) or ""
    return _link(url, f"{kind.capitalize()}: {url}")


def autop(text: str) -> str:
    """Paragraphs for classic content: blank lines end them, a line break is `<br>`."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    out = []
    for block in blocks:
        stripped = block.strip()
        if not stripped:
            continue
        if _BLOCK_START.match(stripped):
            out.append(stripped)
        else:
            out.append("<p>" + stripped.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def expand(content: str, attachments: Mapping[str, str]) -> str:
    """The HTML a post's content stands for."""
    text = _BLOCK_COMMENT.sub("", content)
    text = _CAPTION.sub(_caption, text)
    text = _GALLERY.sub(lambda match: _gallery(match, attachments), text)
    text = _EMBED.sub(_embed, text)
    text = _MEDIA.sub(_media, text)
    return autop(text)
