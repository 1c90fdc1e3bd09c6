"""The scrape importer: a saved blog page becomes store posts.

`parse` reads the scrape file into post records with their line numbers;
`recover` finds what the scrape lost (each post's title and authors, with
`recover_authors`, `recover_text` and `phrase_search`); `markdown_body` and
`post_writer` turn a record into a store file; `importer` plans the whole
import and writes it, all or nothing (docs/design.md §1.1).
"""
