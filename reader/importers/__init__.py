"""Importers: feeds, WordPress exports and read-later lists become store posts.

One module per format (`feeds`, `wxr`, `readlater`, `bookmarks_html`), each
turning a source's bytes into `Entry` values; `detect` tells the formats apart
by content; `plan` decides, with the store's `ledger`, what each entry's file
will be and writes it; `fetch_url` downloads feeds and pages. The core rule
holds here too: nothing imports Textual or Rich.
"""
