"""The baseline for time to first frame: a bare Textual app (Header, a line of text, Footer).

The benchmark polls the terminal for :data:`READY`.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

READY = "Bare baseline ready"


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
