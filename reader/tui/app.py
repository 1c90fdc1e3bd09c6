"""The reader app: opens one store on the main screen.

Settings come from config.toml: the theme (the palette's theme switcher
saves the choice back) and key bindings remapped by binding id. The store
is opened by a `Loader` (the search index, normally), so tests can hand in
posts directly.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from platformdirs import user_downloads_path
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from reader.safetext import for_terminal
from reader.tui.article_find import READING_WIDTH
from reader.tui.keys import KeyRow, clashes, key_rows, known_ids
from reader.tui.loading import IndexLoader, Loader
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.widgets.article import Article
from reader.tui.widgets.line_list import LineList
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.config import Config, load_config, save_theme
from reader.userdata.tomlfile import UserDataError


class ReaderApp(App[None]):
    """Browse, search and bookmark the posts of a store."""

    # Absolute, so subclasses defined elsewhere (tests, benchmarks) find it too.
    CSS_PATH = Path(__file__).with_name("reader.tcss")
    TITLE = "reader"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding(
            "ctrl+p", "command_palette", "Commands", show=False, priority=True, id="command_palette"
        ),
    ]

    # Sections of the help screen, and the classes whose bindings they list.
    KEY_SECTIONS: ClassVar[list[tuple[str, tuple[type, ...]]]] = [
        ("Main screen", (MainScreen, Screen)),
        ("Post list and tag list", (LineList,)),
        ("Post list", (PostList,)),
        ("Tags", (Sidebar,)),
        ("Article", (Article,)),
        ("Search box", (SearchBox,)),
        ("Note and name prompts", (PromptScreen,)),
    ]

    def __init__(
        self,
        root: Path,
        *,
        config: Config | None = None,
        config_warnings: list[str] | None = None,
        loader: Loader | None = None,
    ) -> None:
        """`loader` may be one already started (`reader` starts it before importing
        Textual); otherwise the store is opened through its index."""
        super().__init__()
        self.root = root
        self._loader = loader if loader is not None else IndexLoader(root)
        self._config = config
        self._warnings = list(config_warnings or ())
        self.keymap: dict[str, str] = {}
        self.reading_width = READING_WIDTH
        """Columns of text in the article (config.toml's `reading_width`; 0: full width)."""
        """Binding id -> keys, as config.toml remaps them."""
        self._saved_theme: str | None = None
        self.watch_store = True
        """Follow the store as its files change (config.toml's `watch`)."""
        self.settings_read = threading.Event()
        """Set once config.toml has been read (the store's follower waits for it)."""

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands but "Keys" (`?` is this app's list of
        keys), with a screenshot that says where it went."""
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                yield SystemCommand(command.title, command.help, self.save_screen)
            elif command.title != "Keys":
                yield command

    def save_screen(self) -> None:
        """Save an SVG of the screen in the downloads folder (else here) and say where."""
        folder = user_downloads_path()
        if not folder.is_dir():
            folder = Path.cwd()  # Not made for the user unasked.
        try:
            path = self.save_screenshot(path=str(folder))
        except OSError as error:
            self.notify(f"The screenshot was not saved: {error}", severity="error", markup=False)
            return
        self.notify(f"Saved a screenshot to {path}", markup=False)

    crash: BaseException | None = None
    """The unexpected error that ended the app, if one did (`reader` reports it)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, whoever raises it, is cleaned for the terminal first:
        messages quote config values, file names and titles."""
        super().notify(
            for_terminal(message),
            title=for_terminal(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _handle_exception(self, error: Exception) -> None:
        # Textual prints a long Rich traceback after the app; `reader` prints one
        # line instead (READER_DEBUG=1 keeps Textual's), with exit status 1.
        super()._handle_exception(error)
        if self.crash is None:
            self.crash = error
        if not os.environ.get("READER_DEBUG"):
            self._exit_renderables.clear()
            # Tasks cut short by the crash warn as they are collected; the one
            # line `reader` prints says all the user can act on.
            warnings.filterwarnings("ignore", "coroutine .* was never awaited", RuntimeWarning)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.root, self._loader)

    def on_mount(self) -> None:
        if self._config is None:
            self.load_settings()
        else:
            self.apply_settings(self._config, self._warnings)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    @work(thread=True, group="settings")
    def load_settings(self) -> None:
        warnings: list[str] = []
        config = load_config(warnings)
        self.call_from_thread(self.apply_settings, config, warnings)

    def apply_settings(self, config: Config, warnings: list[str]) -> None:
        """Use the theme, key bindings and `watch` of config.toml; report what is wrong."""
        self.watch_store = config.watch is not False
        self.settings_read.set()
        for warning in warnings:
            self.notify(warning, severity="warning", markup=False)
        if config.theme:
            if config.theme in self.available_themes:
                self._saved_theme = config.theme
                self.theme = config.theme
            else:
                self.notify(
                    f"config.toml: unknown theme {config.theme!r}", severity="warning", markup=False
                )
        if config.reading_width is not None:
            self.reading_width = config.reading_width
            for article in self.query(Article):
                article.reading_width = config.reading_width
        known = known_ids([cls for _title, classes in self._sections() for cls in classes])
        unknown = sorted(set(config.keys) - known)
        if unknown:
            self.notify(
                f"config.toml [keys]: unknown binding ids {', '.join(unknown)}",
                severity="warning",
                markup=False,
            )
        self.keymap = {name: keys for name, keys in config.keys.items() if name in known}
        self.set_keymap(self.keymap)
        for clash in clashes(self.key_sections(), self.keymap):
            self.notify(clash, severity="warning", markup=False)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self.remember_theme(theme.name)

    @work(thread=True, group="settings")
    def remember_theme(self, name: str) -> None:
        warnings: list[str] = []
        try:
            save_theme(name, warnings=warnings)
        except (UserDataError, OSError) as error:  # Say so, and keep going.
            warnings.append(f"The theme was not saved: {error}")
        for warning in warnings:
            self.call_from_thread(self.notify, warning, severity="warning", markup=False)

    def _sections(self) -> list[tuple[str, tuple[type, ...]]]:
        app_classes = tuple(cls for cls in type(self).__mro__ if issubclass(cls, App))
        return [("Everywhere", app_classes), *self.KEY_SECTIONS]

    def key_sections(self) -> list[tuple[str, list[KeyRow]]]:
        """Every pane's keys as the live keymap has them."""
        return [(title, key_rows(classes, self.keymap)) for title, classes in self._sections()]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections()))
