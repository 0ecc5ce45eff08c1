"""A stand-in for another plugin that also claims ``.md`` (for ordering tests)."""

from pelican import signals
from pelican.readers import MarkdownReader


class ShoutingMarkdownReader(MarkdownReader):
    def read(self, source_path):
        content, metadata = super().read(source_path)
        metadata["shouted"] = True
        return content.upper(), metadata


def claim_markdown(readers):
    # Signals are process-wide: act only for sites that list this plugin.
    if __name__ in (readers.settings.get("PLUGINS") or ()):
        readers.reader_classes["md"] = ShoutingMarkdownReader


def register():
    signals.readers_init.connect(claim_markdown)
