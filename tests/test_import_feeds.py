"""Feeds of every flavour become posts: fields, HTML to Markdown, detection, bad feeds."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from import_helpers import body, front, load, posts, run_import, snapshot

UTC = dt.UTC
WHEN = dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)

RSS20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Blog</title><link>https://blog.example/</link>
<item>
  <title>First &lt;b&gt;post&lt;/b&gt;</title>
  <link>https://blog.example/first</link>
  <guid isPermaLink="false">tag:blog.example,2024:1</guid>
  <pubDate>Wed, 01 May 2024 09:30:00 GMT</pubDate>
  <dc:creator>Ada Lovelace</dc:creator>
  <category>Maths</category><category>engines</category>
  <description>A short summary.</description>
  <content:encoded><![CDATA[<p>Hello <strong>there</strong>.</p><p>Second paragraph
  with a <a href="https://example.org/x">link</a>.</p><script>alert(1)</script>]]></content:encoded>
</item>
<item>
  <title>Only a summary</title>
  <link>https://blog.example/second</link>
  <guid>https://blog.example/second</guid>
  <pubDate>Thu, 02 May 2024 10:00:00 +0200</pubDate>
  <description>&lt;p&gt;Summary &lt;em&gt;in HTML&lt;/em&gt;,
  and nothing else.&lt;/p&gt;</description>
</item>
</channel></rss>
"""

RSS091 = """<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link>
<description>d</description><language>en</language>
<item><title>Ninety one</title><link>https://old.example/91</link>
<description>Plain words of 0.91.</description></item>
</channel></rss>
"""

RSS092 = """<?xml version="1.0"?>
<rss version="0.92"><channel><title>Old</title><link>https://old.example/</link>
<description>d</description>
<item><title>Ninety two</title><link>https://old.example/92</link>
<description>Words of 0.92.</description><category>old</category></item>
</channel></rss>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link>
<description>d</description></channel>
<item rdf:about="https://rdf.example/one"><title>One in RDF</title>
<link>https://rdf.example/one</link><description>RDF words.</description>
<dc:date>2024-05-01T09:30:00Z</dc:date><dc:subject>semantic</dc:subject>
<dc:creator>Tim</dc:creator></item>
</rdf:RDF>
"""

ATOM10 = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:feed</id>
<updated>2024-05-03T00:00:00Z</updated>
<entry><title type="html">Atom &amp;amp; entry</title><id>urn:uuid:1</id>
<link rel="alternate" href="https://atom.example/1"/>
<published>2024-05-01T09:30:00Z</published><updated>2024-05-03T08:00:00+02:00</updated>
<author><name>Grace Hopper</name></author><author><name>Alan Turing</name></author>
<category term="compilers"/><summary>Sum.</summary>
<content type="html">&lt;h2&gt;Heading&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;
&lt;li&gt;two&lt;/li&gt;&lt;/ul&gt;</content>
</entry>
<entry><title>Plain text entry</title><id>urn:uuid:2</id>
<updated>2024-05-02T00:00:00Z</updated>
<content type="text">Text with *stars* and [brackets], kept as text.</content></entry>
</feed>
"""

ATOM03 = """<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
<modified>2004-01-01T00:00:00Z</modified>
<entry><title>Atom point three</title><id>tag:old,2004:1</id>
<link rel="alternate" type="text/html" href="https://old-atom.example/1"/>
<issued>2004-01-01T00:00:00Z</issued><modified>2004-01-01T00:00:00Z</modified>
<content type="text/html" mode="escaped">&lt;p&gt;Escaped HTML of 0.3.&lt;/p&gt;</content>
</entry></feed>
"""

BLOGGER = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018">
<id>tag:blogger.com,1999:blog-1</id><title>My Blogger</title>
<entry><id>tag:blogger.com,1999:blog-1.post-100</id><blogger:type>POST</blogger:type>
<blogger:status>LIVE</blogger:status><title>A Blogger post</title>
<published>2019-03-04T05:06:07Z</published><category term="travel"/>
<author><name>Blog Owner</name></author>
<content type="html">&lt;p&gt;Went somewhere.&lt;/p&gt;</content>
<link rel="alternate" href="https://x.blogspot.com/2019/03/a.html"/></entry>
<entry><id>tag:blogger.com,1999:blog-1.post-101</id><blogger:type>POST</blogger:type>
<blogger:status>DRAFT</blogger:status><title>Unfinished</title>
<published>2019-03-05T05:06:07Z</published>
<content type="html">&lt;p&gt;Half.&lt;/p&gt;</content></entry>
<entry><id>tag:blogger.com,1999:blog-1.post-100.comment-1</id>
<blogger:type>COMMENT</blogger:type><title>a comment</title>
<content type="html">Nice</content></entry>
<entry><id>tag:blogger.com,1999:blog-1.page-5</id><blogger:type>PAGE</blogger:type>
<title>About me</title><published>2019-01-01T00:00:00Z</published>
<content type="html">&lt;p&gt;Me.&lt;/p&gt;</content></entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON",
    "items": [
        {
            "id": "j1",
            "url": "https://json.example/1",
            "title": "From JSON",
            "content_html": "<p>JSON <b>HTML</b> body.</p>",
            "date_published": "2024-05-01T09:30:00Z",
            "date_modified": "2024-05-02T09:30:00+01:00",
            "authors": [{"name": "Jay Son"}],
            "tags": ["json", "feeds"],
            "summary": "A JSON summary.",
        },
        {"id": "j2", "content_text": "Only text.\n\nTwo paragraphs.", "title": "Text"},
    ],
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss20_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "feed.data", RSS20)  # the name says nothing of the format
    into = tmp_path / "store"
    code, out, err = run_import(capsys, str(source), "--into", str(into))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "2 entries: 2 written, 0 updated, 0 unchanged"
    first = into / "2024-05-01-first-b-post-b.md"
    data = front(first)
    assert data["title"] == "First <b>post</b>"
    assert data["date"] == WHEN
    assert data["authors"] == ["Ada Lovelace"]
    assert data["tags"] == ["Maths", "engines"]
    assert data["summary"] == "A short summary."
    assert data["permalink"] == "https://blog.example/first"
    assert data["extra"] == {
        "source": str(source),
        "format": "rss20",
        "id": "tag:blog.example,2024:1",
    }
    text = body(first)
    assert "Hello" in text and "there" in text and "Second paragraph" in text
    assert "https://example.org/x" in text
    assert "alert" not in text
    post = load(first, into)
    assert post.title == "First <b>post</b>"
    assert post.tags == ("Maths", "engines") or set(post.tags) == {"Maths", "engines"}
    second = front(into / "2024-05-02-only-a-summary.md")
    # Only a summary: it is the body, in Markdown; the date keeps its instant.
    assert second["date"] == dt.datetime(2024, 5, 2, 8, 0, tzinfo=UTC)
    assert "summary" not in second
    assert "Summary" in body(into / "2024-05-02-only-a-summary.md")
    assert "<p>" not in body(into / "2024-05-02-only-a-summary.md")


@pytest.mark.parametrize(
    ("text", "flavour", "title", "tags"),
    [
        (RSS091, "rss091u", "Ninety one", []),
        (RSS092, "rss092", "Ninety two", ["old"]),
        (RDF, "rss10", "One in RDF", ["semantic"]),
        (ATOM03, "atom03", "Atom point three", []),
    ],
)
def test_each_flavour(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    flavour: str,
    title: str,
    tags: list[str],
) -> None:
    into = tmp_path / "store"
    code, _out, err = run_import(capsys, str(write(tmp_path, "f", text)), "--into", str(into))
    assert (code, err) == (0, "")
    [path] = posts(into)
    data = front(path)
    assert data["title"] == title
    assert data["tags"] == tags
    assert data["extra"]["format"].startswith(flavour[:5])
    assert body(path).strip()
    load(path, into)


def test_atom10_authors_updated_and_text_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "store"
    assert run_import(capsys, str(write(tmp_path, "a", ATOM10)), "--into", str(into))[0] == 0
    data = front(into / "2024-05-01-atom-entry.md")
    assert data["title"] == "Atom & entry"
    assert data["authors"] == ["Grace Hopper", "Alan Turing"]
    assert data["updated"] == dt.datetime(2024, 5, 3, 6, 0, tzinfo=UTC)
    assert data["summary"] == "Sum."
    assert data["extra"]["format"] == "atom10"
    text = body(into / "2024-05-01-atom-entry.md")
    assert "## Heading" in text and "- one" in text and "- two" in text
    plain = body(into / "2024-05-02-plain-text-entry.md")
    # Plain text is text: Markdown syntax in it is escaped, never read as markup.
    assert r"\*stars\*" in plain and r"\[brackets\]" in plain


def test_blogger_takeout_posts_pages_and_drafts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "store"
    assert run_import(capsys, str(write(tmp_path, "b.atom", BLOGGER)), "--into", str(into))[0] == 0
    names = [str(p.relative_to(into)) for p in posts(into)]
    assert names == [
        "2019-03-04-a-blogger-post.md",
        "2019-03-05-unfinished.md",
        "pages/2019-01-01-about-me.md",
    ]
    assert front(into / names[0])["extra"]["format"] == "blogger"
    assert front(into / names[0])["tags"] == ["travel"]
    assert "draft" not in front(into / names[0])
    assert front(into / names[1])["draft"] is True


def test_json_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into = tmp_path / "store"
    source = write(tmp_path, "feed.json", json.dumps(JSON_FEED))
    assert run_import(capsys, str(source), "--into", str(into))[0] == 0
    data = front(into / "2024-05-01-from-json.md")
    assert data["authors"] == ["Jay Son"]
    assert data["tags"] == ["json", "feeds"]
    assert data["updated"] == dt.datetime(2024, 5, 2, 8, 30, tzinfo=UTC)
    assert data["extra"] == {"source": str(source), "format": "jsonfeed", "id": "j1"}
    assert "HTML" in body(into / "2024-05-01-from-json.md")
    assert "Two paragraphs." in body(into / "text.md")


def test_formats_listed_and_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_import(capsys, "--formats")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert {"feed", "jsonfeed", "wxr", "pocket-csv", "instapaper-csv", "bookmarks-html"} <= set(
        names
    )
    into = tmp_path / "store"
    source = write(tmp_path, "f", RSS20)
    code, _out, err = run_import(capsys, str(source), "--into", str(into), "--format", "pocket-csv")
    assert code == 1
    assert err.startswith(f"reader: {source}:1: a CSV without the columns")
    assert not into.exists()
    code, _out, err = run_import(capsys, str(source), "--into", str(into), "--format", "nope")
    assert code == 1 and "no format 'nope'" in err


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (RSS20[: len(RSS20) // 2], None, "malformed XML"),
        (RSS20.replace("</title>", "</titel>", 1), 4, "malformed XML: mismatched tag"),
        ("<!DOCTYPE html><html><body><p>hi</p></body></html>", 1, "an HTML page, not a feed"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaa">\n<!ENTITY b "&a;&a;">\n]>'
            "\n<rss><channel><item><title>&b;</title></item></channel></rss>",
            3,
            "refused: the XML declares entities",
        ),
        ('{"items": [}', 1, "malformed JSON"),
        ('<?xml version="1.0"?><opml><body/></opml>', 1, "XML, but not a feed"),
    ],
)
def test_bad_feeds_write_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    line: int | None,
    reason: str,
) -> None:
    into = tmp_path / "store"
    into.mkdir()
    good = write(tmp_path, "good.xml", RSS20)
    bad = write(tmp_path, "bad.xml", text)
    code, out, err = run_import(capsys, str(good), str(bad), "--into", str(into))
    assert code == 1 and out == ""
    where = f"{bad}:{line}" if line else f"{bad}:"
    assert err.startswith(f"reader: {where}"), err
    assert reason in err
    assert len(err.splitlines()) == 1
    assert snapshot(into) == {}


def test_control_characters_are_cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # C1 controls (CSI is U+009B) are allowed in XML 1.0 and would drive a terminal.
    feed = RSS20.replace("First &lt;b&gt;post&lt;/b&gt;", "Evil\u009b31m title\x7f")
    feed = feed.replace("Hello <strong>", "Hello \u009b2J<strong>")
    into = tmp_path / "store"
    assert run_import(capsys, str(write(tmp_path, "f.xml", feed)), "--into", str(into))[0] == 0
    path = into / "2024-05-01-evil31m-title.md"
    title, text = front(path)["title"], body(path)
    # feedparser reads a C1 character as the Windows-1252 one it most likely was;
    # whatever is left that would drive a terminal is replaced.
    assert title.startswith("Evil") and title.endswith("title\ufffd")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", title + text)


OLD_BLOGGER = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-2</id>
<title>Old export</title>
<entry><id>tag:blogger.com,1999:blog-2.post-1</id><published>2010-01-02T03:04:05Z</published>
<category scheme="http://schemas.google.com/g/2005#kind"
  term="http://schemas.google.com/blogger/2008/kind#post"/>
<category scheme="http://www.blogger.com/atom/ns#" term="cooking"/>
<title type="text">Old style post</title><content type="html">&lt;p&gt;Soup.&lt;/p&gt;</content>
</entry>
<entry><id>tag:blogger.com,1999:blog-2.post-1.comment-9</id>
<category scheme="http://schemas.google.com/g/2005#kind"
  term="http://schemas.google.com/blogger/2008/kind#comment"/>
<title>Yum</title><content type="html">Yum</content></entry>
<entry><id>tag:blogger.com,1999:blog-2.settings.X</id>
<category scheme="http://schemas.google.com/g/2005#kind"
  term="http://schemas.google.com/blogger/2008/kind#settings"/>
<title>setting</title><content type="text">true</content></entry>
</feed>
"""


def test_older_blogger_export_by_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into = tmp_path / "store"
    source = write(tmp_path, "blog.xml", OLD_BLOGGER)
    assert run_import(capsys, str(source), "--into", str(into))[0] == 0
    [path] = posts(into)
    assert path.name == "2010-01-02-old-style-post.md"
    assert front(path)["tags"] == ["cooking"]
    assert front(path)["extra"]["format"] == "blogger"
