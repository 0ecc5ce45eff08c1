"""A stand-in for a plugin that renames articles after the output-path plan.

At ``all_generators_finalized`` (after pelican_newsimport's plan, which it is
listed after) it gives every article the slug ``welcome``: the site's own
Welcome article's path.
"""

from pelican import signals


def rename(generators):
    for generator in generators:
        if __name__ not in (generator.settings.get("PLUGINS") or ()):
            return
        for article in getattr(generator, "articles", ()):
            article.slug = "welcome"


def register():
    signals.all_generators_finalized.connect(rename)
