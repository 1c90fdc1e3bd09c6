"""The user's own files: config, bookmarks, saved searches and reading state.

No Textual, no Rich. Every TOML file is written atomically under a lock (see
`atomic` and `tomlfile`); files that cannot be read are moved aside, never
overwritten.
"""
