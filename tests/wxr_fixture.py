"""A WordPress export built by the tests: posts, pages, drafts, attachments, comments."""

from __future__ import annotations


def item(
    post_id: int,
    title: str,
    content: str,
    *,
    kind: str = "post",
    status: str = "publish",
    gmt: str = "2020-02-03 04:05:06",
    creator: str = "ada",
    extra: str = "",
) -> str:
    return f"""
<item>
  <title>{title}</title>
  <link>https://wp.example/?p={post_id}</link>
  <pubDate>Mon, 03 Feb 2020 04:05:06 +0000</pubDate>
  <dc:creator><![CDATA[{creator}]]></dc:creator>
  <guid isPermaLink="false">https://wp.example/?p={post_id}</guid>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <excerpt:encoded><![CDATA[]]></excerpt:encoded>
  <wp:post_id>{post_id}</wp:post_id>
  <wp:post_date><![CDATA[2020-02-03 05:05:06]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
  <wp:post_type><![CDATA[{kind}]]></wp:post_type>
  <wp:status><![CDATA[{status}]]></wp:status>
  {extra}
</item>"""


def export(items: str, version: str = "1.2") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>WP Blog</title>
  <link>https://wp.example</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>https://wp.example</wp:base_site_url>
  <wp:base_blog_url>https://wp.example</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ada]]></wp:author_login>
    <wp:author_display_name><![CDATA[Ada Lovelace]]></wp:author_display_name></wp:author>
  {items}
</channel>
</rss>
"""


COMMENTS = """
<wp:comment><wp:comment_id>1</wp:comment_id>
<wp:comment_author><![CDATA[Reader One]]></wp:comment_author>
<wp:comment_date_gmt><![CDATA[2020-02-04 10:00:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[Great <em>post</em>!]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
<wp:comment_type><![CDATA[comment]]></wp:comment_type>
</wp:comment>
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author><![CDATA[Spammer]]></wp:comment_author>
<wp:comment_content><![CDATA[buy pills]]></wp:comment_content>
<wp:comment_approved><![CDATA[spam]]></wp:comment_approved></wp:comment>
<wp:comment><wp:comment_id>3</wp:comment_id>
<wp:comment_author><![CDATA[Other Blog]]></wp:comment_author>
<wp:comment_content><![CDATA[linked]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
<wp:comment_type><![CDATA[pingback]]></wp:comment_type>
</wp:comment>
"""

CLASSIC = """First paragraph of a classic post.

[caption id="attachment_7" align="alignnone" width="300"]
<img src="https://wp.example/cat.jpg" alt="a cat" /> A cat on a mat[/caption]

[gallery ids="7,8"]

[embed]https://www.youtube.com/watch?v=abc[/embed]

[audio mp3="https://wp.example/song.mp3"][/audio]

[video src="https://wp.example/clip.mp4"]

Last line
with a break."""

BLOCKS = """<!-- wp:paragraph -->
<p>A block paragraph.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3>A block heading</h3>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li>alpha</li><li>beta</li></ul>
<!-- /wp:list -->"""

CATEGORIES = (
    '<category domain="category" nicename="news"><![CDATA[News]]></category>'
    '<category domain="post_tag" nicename="cats"><![CDATA[cats]]></category>'
    '<category domain="post_format" nicename="post-format-image"><![CDATA[Image]]></category>'
)


def full_export(version: str = "1.2") -> str:
    attachment = """<wp:attachment_url><![CDATA[https://wp.example/{name}]]></wp:attachment_url>"""
    items = "".join(
        [
            item(1, "Classic post", CLASSIC, extra=CATEGORIES + COMMENTS),
            item(2, "Block post", BLOCKS, gmt="2020-03-01 00:00:00"),
            item(3, "About", "<p>About this site.</p>", kind="page"),
            item(4, "Not yet", "<p>draft text</p>", status="draft", gmt="0000-00-00 00:00:00"),
            item(5, "Secret", "<p>private text</p>", status="private"),
            item(6, "Binned", "<p>trash</p>", status="trash"),
            item(
                7,
                "cat",
                "",
                kind="attachment",
                status="inherit",
                extra=attachment.format(name="cat.jpg"),
            ),
            item(
                8,
                "dog",
                "",
                kind="attachment",
                status="inherit",
                extra=attachment.format(name="dog.jpg"),
            ),
            item(9, "Home", "", kind="nav_menu_item"),
        ]
    )
    return export(items, version)
